using static TorchSharp.torch;

namespace StreamAe.Model.Architectures;

/// <summary>
/// Random tensors shaped like a batch, drawn from a training's own generator so concurrent trainings and other
/// libtorch users cannot change what a seed gives. Drawn on the CPU (TorchSharp's generators are CPU generators) and
/// moved to the batch's device.
/// </summary>
internal static class TrainingNoise
{
    public static Tensor Normal(Tensor like, Generator random) => randn(like.shape, like.dtype, generator: random).to(like.device);

    public static Tensor Uniform(Tensor like, Generator random) => rand(like.shape, like.dtype, generator: random).to(like.device);

    /// <summary>The generator a training-mode draw needs; evaluation mode draws nothing and may pass none.</summary>
    public static Generator Required(Generator? random) =>
        random ?? throw new ArgumentNullException(nameof(random), "Training mode draws noise: pass the training's generator.");
}
