using static TorchSharp.torch;

namespace StreamAe.Model.Training;

/// <summary>Resolves <c>auto|cpu|cuda</c> to a torch device, with a clear error when CUDA is asked for but absent.</summary>
public static class DeviceSelector
{
    public const string Auto = "auto";
    public const string Cpu = "cpu";
    public const string Cuda = "cuda";

    public static readonly IReadOnlyList<string> Names = [Auto, Cpu, Cuda];

    public static Device Resolve(string name) => name switch
    {
        Auto => cuda.is_available() ? CUDA : CPU,
        Cpu => CPU,
        Cuda => cuda.is_available()
            ? CUDA
            : throw new InvalidOperationException("device cuda was requested but CUDA is not available (CPU build of libtorch, or no GPU)."),
        _ => throw new ArgumentException($"Unknown device '{name}'; use one of {string.Join(", ", Names)}.", nameof(name)),
    };
}
