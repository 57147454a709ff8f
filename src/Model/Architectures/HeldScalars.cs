using TorchSharp;
using static TorchSharp.torch;

namespace StreamAe.Model.Architectures;

/// <summary>
/// Tensor-and-number arithmetic with the number's <see cref="Scalar"/> kept alive until the native call returns.
/// TorchSharp's implicit number → Scalar conversions make a temporary whose finalizer can run while libtorch still
/// reads it: under steady garbage collection that surfaced as "Unknown scalar type" after minutes of live scoring
/// (reproduced in <c>ScalarLifetimeTests</c>). Tensor + tensor is affected too: TorchSharp's <c>add</c> passes a
/// temporary alpha of 1. Hot paths use these helpers, or forms without a Scalar such as a − b and d * d.
/// </summary>
internal static class HeldScalars
{
    public static Tensor Times(Tensor tensor, double factor)
    {
        using var scalar = factor.ToScalar();
        return tensor.mul(scalar);
    }

    public static Tensor Plus(Tensor tensor, double addend)
    {
        using var scalar = addend.ToScalar();
        using var one = 1.ToScalar();
        return tensor.add(scalar, one);
    }

    public static Tensor Sum(Tensor left, Tensor right)
    {
        using var one = 1.ToScalar();
        return left.add(right, one);
    }

    public static Tensor AtLeast(Tensor tensor, double floor)
    {
        using var scalar = floor.ToScalar();
        return tensor.clamp_min(scalar);
    }

    public static Tensor NotBelow(Tensor tensor, double threshold)
    {
        using var scalar = threshold.ToScalar();
        return tensor.ge(scalar);
    }

    public static Tensor Squared(Tensor tensor) => tensor * tensor;
}
