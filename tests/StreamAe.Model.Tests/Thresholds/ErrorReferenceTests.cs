using StreamAe.Model.Thresholds;

namespace StreamAe.Model.Tests.Thresholds;

public sealed class ErrorReferenceTests
{
    private static double Exponential(Random random) => -Math.Log(1 - random.NextDouble());

    [Fact]
    public void Quantiles_are_those_of_the_last_capacity_errors()
    {
        var reference = new ErrorReference(100);
        var random = new Random(1);
        var all = Enumerable.Range(0, 1000).Select(_ => random.NextDouble() * 10).ToArray();
        foreach (var error in all)
        {
            reference.Add(error);
        }

        var last = all[^100..].Select(e => (double)(float)e).Order().ToArray();
        Assert.Equal(100, reference.Count);
        Assert.Equal(last[0], reference.Quantile(0), 6);
        Assert.Equal(last[^1], reference.Quantile(1), 6);
        Assert.Equal((last[49] + last[50]) / 2, reference.Quantile(0.5), 5);
    }

    [Fact]
    public void An_error_equal_to_reference_errors_but_for_float_noise_calibrates_as_the_exact_tie_does()
    {
        // A repeated window (a stuck sensor, a repeating beat) scored again in a batch of another size differs in its last
        // float digits; that noise must not move its rank among the equal errors it repeats.
        var reference = new ErrorReference(130);
        var random = new Random(3);
        foreach (var error in Enumerable.Range(0, 126).Select(_ => random.NextDouble()).Append(0.4f).Append(0.4f))
        {
            reference.Add(error);
        }
        var exact = reference.Calibrate(0.4f);

        Assert.Equal(exact, reference.Calibrate(0.4f * (1 + 1e-7)), 12);
        Assert.Equal(exact, reference.Calibrate(0.4f * (1 - 1e-7)), 12);
        Assert.NotEqual(exact, reference.Calibrate(0.4f * (1 + 1e-3)), 12);
    }

    [Fact]
    public void Calibrated_scores_of_fresh_errors_from_the_same_distribution_are_about_uniform()
    {
        var random = new Random(2);
        var reference = new ErrorReference(1000);
        for (var i = 0; i < 1000; i++)
        {
            reference.Add(Exponential(random));
        }
        var calibrated = Enumerable.Range(0, 20_000).Select(_ => reference.Calibrate(Exponential(random))).ToArray();

        Assert.All(calibrated, c => Assert.InRange(c, 0, 1));
        Assert.InRange(calibrated.Count(c => c > 0.5) / 20_000.0, 0.46, 0.54);
        Assert.InRange(calibrated.Count(c => c > 0.99) / 20_000.0, 0.005, 0.02);
        Assert.InRange(calibrated.Count(c => c > 0.999) / 20_000.0, 0.0, 0.003);
    }

    [Fact]
    public void Errors_beyond_the_largest_seen_still_rank_by_size_through_the_fitted_tail()
    {
        var random = new Random(3);
        var reference = new ErrorReference(500);
        for (var i = 0; i < 500; i++)
        {
            reference.Add(Exponential(random));
        }
        var largest = reference.Quantile(1);

        var justAbove = reference.Calibrate(largest * 1.1);
        var farAbove = reference.Calibrate(largest * 3);

        Assert.True(justAbove > 0.99, $"{justAbove}");
        Assert.True(farAbove > justAbove && farAbove <= 1, $"{farAbove} vs {justAbove}");
        Assert.True(reference.Calibrate(0.01) < 0.05);
    }

    [Fact]
    public void A_constant_reference_calls_its_own_value_typical_and_nothing_is_calibrated_when_empty()
    {
        var reference = ErrorReference.Seeded(10, [2f, 2f, 2f, 2f]);

        Assert.Equal(0.5, reference.Calibrate(2), 6);
        Assert.True(reference.Calibrate(3) > 0.7);
        Assert.True(double.IsNaN(new ErrorReference(10).Calibrate(1)));
    }
}
