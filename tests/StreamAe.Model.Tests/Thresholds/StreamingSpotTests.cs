using StreamAe.Model.Thresholds;

namespace StreamAe.Model.Tests.Thresholds;

public sealed class StreamingSpotTests
{
    [Fact]
    public void Plain_spot_threshold_stays_put_on_stationary_data()
    {
        var random = new Random(31);
        var spot = new StreamingSpot(Samples.Gaussian(random, 5_000), risk: 1e-3);
        var initial = spot.Threshold;

        var alarms = 0;
        for (var i = 0; i < 200_000; i++)
        {
            alarms += spot.Update(Samples.StandardNormal(random)) == SpotDecision.Anomaly ? 1 : 0;
        }

        // The N(0, 1) quantile at 1 − 10⁻³ is 3.09.
        Assert.InRange(initial, 2.7, 3.5);
        Assert.InRange(spot.Threshold, 2.9, 3.3);
        Assert.InRange(spot.Threshold, initial - 0.3, initial + 0.3);
        Assert.InRange(alarms, 40, 800); // q·n = 200 expected false alarms
        Assert.Equal(alarms, spot.AnomalyCount);
    }

    [Fact]
    public void Dspot_threshold_follows_a_drifting_level()
    {
        var random = new Random(37);
        var calibration = Samples.Gaussian(random, 3_000);
        var dspot = new StreamingSpot(calibration, risk: 1e-3, depth: 200);
        var initial = dspot.Threshold;

        // The level climbs slowly from 0 to 10 σ while the noise stays N(0, 1): nothing is anomalous relative to the level.
        const int steps = 60_000;
        var alarms = 0;
        for (var i = 0; i < steps; i++)
        {
            var score = 10.0 * i / steps + Samples.StandardNormal(random);
            alarms += dspot.Update(score) == SpotDecision.Anomaly ? 1 : 0;
        }

        Assert.InRange(initial, 2.5, 4);
        Assert.InRange(dspot.Level, 9.5, 10.5);
        Assert.InRange(dspot.Threshold - dspot.Level, initial - 1, initial + 1);
        Assert.True(alarms < steps / 200, $"DSPOT raised {alarms} alarms on a drifting but normal stream");
    }

    [Fact]
    public void An_anomaly_counts_only_as_an_excess_above_the_threshold_whatever_its_size()
    {
        var calibration = Samples.Exponential(new Random(41), 10_000, rate: 1);
        var mild = new StreamingSpot(calibration, risk: 1e-3);
        var extreme = new StreamingSpot(calibration, risk: 1e-3);
        var peaksBefore = mild.PeakCount;
        var z = mild.Threshold;

        Assert.Equal(SpotDecision.Anomaly, mild.Update(z * 1.01));
        Assert.Equal(SpotDecision.Anomaly, extreme.Update(z * 1_000));

        Assert.Equal(peaksBefore, mild.PeakCount);
        Assert.Equal(1, mild.CensoredCount);
        Assert.Equal(mild.Threshold, extreme.Threshold);
        Assert.Equal(mild.Gamma, extreme.Gamma);
    }

    [Fact]
    public void Peaks_join_the_model_and_normal_scores_only_count()
    {
        var spot = new StreamingSpot(Samples.Exponential(new Random(47), 10_000, rate: 1), risk: 1e-3);
        var peaksBefore = spot.PeakCount;
        var observationsBefore = spot.ObservationCount;

        Assert.Equal(SpotDecision.Peak, spot.Update(0.5 * (spot.InitialThreshold + spot.Threshold)));
        Assert.Equal(peaksBefore + 1, spot.PeakCount);

        Assert.Equal(SpotDecision.Normal, spot.Update(spot.InitialThreshold * 0.5));
        Assert.Equal(peaksBefore + 1, spot.PeakCount);
        Assert.Equal(observationsBefore + 2, spot.ObservationCount);
        Assert.Equal(0, spot.CensoredCount);
    }

    [Fact]
    public void Memory_stays_bounded_over_a_million_updates()
    {
        const int maxPeaks = 500;
        var random = new Random(43);
        // t at the 99th percentile keeps the test quick: fewer excesses, fewer refits.
        var spot = new StreamingSpot(Samples.Exponential(random, 5_000, rate: 1), risk: 1e-3, initialQuantile: 0.99, maxPeaks: maxPeaks);
        var stream = Samples.Exponential(random, 1_000_000, rate: 1);

        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        foreach (var score in stream)
        {
            spot.Update(score);
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        Assert.Equal(maxPeaks, spot.PeakCount + spot.CensoredCount);
        // n spans only the observations the kept excesses came from: about maxPeaks / 0.01.
        Assert.InRange(spot.ObservationCount, maxPeaks / 0.01 * 0.7, maxPeaks / 0.01 * 1.4);
        Assert.True(allocated < 1_000_000, $"updates allocated {allocated} bytes");
        var expected = -Math.Log(1e-3);
        Assert.InRange(spot.Threshold, expected * 0.8, expected * 1.2);
        Assert.InRange(spot.AnomalyCount, 500, 2_000); // q·n = 1 000 expected

    }

    [Fact]
    public void A_short_calibration_lowers_t_to_keep_enough_peaks()
    {
        var calibration = Samples.Exponential(new Random(53), 100, rate: 1);

        var spot = new StreamingSpot(calibration, risk: 1e-3);

        Assert.Equal(Pot.MinimumPeaks, spot.PeakCount);
        var sorted = calibration.Order().ToArray();
        Assert.Equal(sorted[89] + 0.1 * (sorted[90] - sorted[89]), spot.InitialThreshold, 12); // the 90th percentile
        Assert.True(double.IsFinite(spot.Threshold) && spot.Threshold > spot.InitialThreshold);
    }

    [Fact]
    public void Construction_checks_its_arguments()
    {
        var calibration = Samples.Gaussian(new Random(1), 1_000);

        Assert.Throws<ArgumentOutOfRangeException>(() => new StreamingSpot(calibration, risk: 0.05));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StreamingSpot(calibration, risk: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StreamingSpot(calibration, depth: -1));
        Assert.Throws<ArgumentException>(() => new StreamingSpot(calibration.AsSpan(0, 40)));
        Assert.Throws<ArgumentException>(() => new StreamingSpot(calibration, depth: 990));
        var spot = new StreamingSpot(calibration);
        Assert.Throws<ArgumentException>(() => spot.Update(double.NaN));
    }
}
