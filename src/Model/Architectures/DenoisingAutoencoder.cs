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

    public override Tensor TrainingLoss(Tensor x, Generator? random)
    {
        var input = training ? Corrupt(x, TrainingNoise.Required(random)) : x;
        return nn.functional.mse_loss(forward(input), x);
    }

    private Tensor Corrupt(Tensor x, Generator random)
    {
        var noisy = noiseStd > 0 ? HeldScalars.Sum(x, HeldScalars.Times(TrainingNoise.Normal(x, random), noiseStd)) : x;
        return maskProbability > 0 ? noisy * HeldScalars.NotBelow(TrainingNoise.Uniform(x, random), maskProbability) : noisy;
    }
}
