using StreamAe.Model.Thresholds;

namespace StreamAe.Model.Tests.Thresholds;

/// <summary>A threshold written to bytes and read back goes on exactly as the original: every later answer is the
/// same bits, whether it was cut while filling, just after a refit or long after its ring wrapped.</summary>
public sealed class ThresholdStateEncodingTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(47)]
    [InlineData(64)]
    [InlineData(3_001)]
    public void A_restored_error_reference_calibrates_and_ranks_bit_for_bit(int before)
    {
        var random = new Random(before + 1);
        var original = ErrorReference.Seeded(200, Samples.Exponential(random, 50, 2).Select(e => (float)e).ToArray());
        var stream = Samples.Pareto(random, before + 2_000, 2.5);
        // Zeros of both signs: the one input whose bits a sorted copy could reorder.
        stream[before] = -0.0;
        stream[before + 1] = 0.0;
        for (var i = 0; i < before; i++)
        {
            original.Add(stream[i]);
            original.Calibrate(stream[i]);
        }

        var restored = RoundTrip(original.WriteTo, ErrorReference.ReadFrom);

        for (var i = before; i < stream.Length; i++)
        {
            Assert.Equal(Bits(original.Calibrate(stream[i])), Bits(restored.Calibrate(stream[i])));
            Assert.Equal(Bits(original.Quantile(0.98)), Bits(restored.Quantile(0.98)));
            original.Add(stream[i]);
            restored.Add(stream[i]);
        }
        Assert.Equal(original.Count, restored.Count);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(0, 2_000)]
    [InlineData(10, 700)]
    [InlineData(25, 20_000)]
    public void A_restored_spot_decides_and_refits_bit_for_bit(int depth, int before)
    {
        var random = new Random(depth * 7 + before);
        // Few peaks kept, so the cut lands after the excess ring wrapped.
        var original = new StreamingSpot(Samples.Gaussian(random, 600), risk: 1e-3, depth: depth, maxPeaks: 64);
        var stream = Samples.Gaussian(random, before + 5_000);
        for (var i = before + 100; i < before + 140; i++)
        {
            stream[i] += 6; // anomalies: censored excesses in the ring
        }
        for (var i = 0; i < before; i++)
        {
            original.Update(stream[i]);
        }

        var restored = RoundTrip(original.WriteTo, StreamingSpot.ReadFrom);

        for (var i = before; i < stream.Length; i++)
        {
            Assert.Equal(original.Update(stream[i]), restored.Update(stream[i]));
            Assert.Equal(Bits(original.Threshold), Bits(restored.Threshold));
        }
        Assert.Equal((original.AnomalyCount, original.PeakCount, original.CensoredCount, original.ObservationCount),
            (restored.AnomalyCount, restored.PeakCount, restored.CensoredCount, restored.ObservationCount));
    }

    [Theory]
    [InlineData(false, 10)]
    [InlineData(false, 900)]
    [InlineData(true, 900)]
    public void A_restored_rolling_threshold_decides_bit_for_bit(bool medianMad, int before)
    {
        var random = new Random(before);
        var original = medianMad ? RollingQuantileThreshold.MedianMad(256, 3) : RollingQuantileThreshold.Percentile(256, 99);
        var stream = Samples.Exponential(random, before + 2_000, 1);
        stream[before] = -0.0;
        for (var i = 0; i < before; i++)
        {
            original.Update(stream[i]);
        }

        var restored = RoundTrip(original.WriteTo, RollingQuantileThreshold.ReadFrom);

        for (var i = before; i < stream.Length; i++)
        {
            Assert.Equal(Bits(original.Threshold), Bits(restored.Threshold));
            Assert.Equal(original.Update(stream[i]), restored.Update(stream[i]));
        }
    }

    [Fact]
    public void Bytes_that_describe_no_reference_are_refused_not_allocated()
    {
        var original = ErrorReference.Seeded(64, [1f, 2f, 3f]);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            original.WriteTo(writer);
        }
        var bytes = stream.ToArray();
        bytes[1] = 100; // count 100 > capacity 64

        Assert.Throws<InvalidDataException>(() => ErrorReference.ReadFrom(new BinaryReader(new MemoryStream(bytes))));
    }

    private static long Bits(double value) => BitConverter.DoubleToInt64Bits(value);

    private static T RoundTrip<T>(Action<BinaryWriter> write, Func<BinaryReader, T> read)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            write(writer);
        }
        stream.Position = 0;
        using var reader = new BinaryReader(stream);
        var restored = read(reader);
        Assert.Equal(stream.Length, stream.Position);
        return restored;
    }
}
