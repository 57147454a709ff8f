using StreamAe.Model.Architectures;
using StreamAe.Model.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace StreamAe.Model.Tests.Architectures;

/// <summary>
/// Tensor-and-number arithmetic while another thread collects garbage without pause. With TorchSharp's implicit
/// number → Scalar temporaries, <c>(a - b).square().mean(1).clamp_min(1e-6)</c> failed within two seconds here
/// ("INTERNAL ASSERT FAILED at c10/core/Scalar.h" / "Unknown scalar type"): the temporary's finalizer ran while
/// libtorch still read it. The held forms must compute the same values and survive the same pressure.
/// </summary>
public sealed class ScalarLifetimeTests
{
    [Fact]
    public void Held_scalar_arithmetic_is_right_and_survives_constant_garbage_collection()
    {
        using var a = tensor(new float[] { 1, -2, 3, 0.5f }).reshape(2, 2);
        using var b = tensor(new float[] { 0, 1, 1, 0.5f }).reshape(2, 2);
        Assert.Equal([5f, 2f], Evaluate(a, b)); // rows (1, −3) and (2, 0)

        // Batch-sized operands keep libtorch inside each call long enough for a finalizer to strike.
        using var batchA = randn(64, 140);
        using var batchB = randn(64, 140);
        using var collector = new ConstantCollection();
        for (var i = 0; i < 30_000; i++)
        {
            Evaluate(batchA, batchB);
        }
        Assert.True(collector.Collections > 100, $"the collector thread should have run often ({collector.Collections})");
    }

    /// <summary>mean((a − b)²) per row, floored, then through every other helper and back to the same numbers.</summary>
    private static float[] Evaluate(Tensor a, Tensor b)
    {
        using var scope = NewDisposeScope();
        using var inference = inference_mode();
        var meanSquare = HeldScalars.AtLeast(HeldScalars.Squared(a - b).mean([1L]), 1e-6);
        var roundTrip = HeldScalars.Plus(HeldScalars.Times(meanSquare, 2), -1) * HeldScalars.NotBelow(meanSquare, 0);
        return HeldScalars.Times(HeldScalars.Plus(roundTrip, 1), 0.5).data<float>().ToArray();
    }
}
