using static TorchSharp.torch;

namespace StreamAe.Model.Architectures;

/// <summary>A dense autoencoder with an L1 penalty on the code activations, so few code units fire per window.</summary>
public sealed class SparseAutoencoder : DenseAutoencoder
{
    private readonly double sparsityWeight;

    public SparseAutoencoder(ArchitectureSpec spec)
        : base("sparse", spec)
    {
        sparsityWeight = spec.SparsityWeight;
    }

    public override Tensor TrainingLoss(Tensor x, Generator? random)
    {
        var code = Encode(x);
        return HeldScalars.Sum(nn.functional.mse_loss(Decode(code), x), HeldScalars.Times(code.abs().mean(), sparsityWeight));
    }
}
