using static TorchSharp.torch;

namespace StreamAe.Model.Architectures;

/// <summary>
/// A dense autoencoder trained to restore clean windows from corrupted ones (Gaussian noise plus random masking).
/// The corruption happens only in training; scoring sees the window as it is.
/// </summary>
public sealed class DenoisingAutoencoder : DenseAutoencoder
{
    private readonly double noiseStd;
    private readonly double maskProbability;

    public DenoisingAutoencoder(ArchitectureSpec spec)
        : base("denoising", spec)
    {
        noiseStd = spec.NoiseStd;
        maskProbability = spec.MaskProbability;
    }

    public override Tensor TrainingLoss(Tensor x)
    {
        var input = training ? Corrupt(x) : x;
        return nn.functional.mse_loss(forward(input), x);
    }

    private Tensor Corrupt(Tensor x)
    {
        var noisy = noiseStd > 0 ? HeldScalars.Sum(x, HeldScalars.Times(randn_like(x), noiseStd)) : x;
        return maskProbability > 0 ? noisy * HeldScalars.NotBelow(rand_like(x), maskProbability) : noisy;
    }
}
