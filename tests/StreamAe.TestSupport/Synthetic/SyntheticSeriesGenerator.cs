namespace StreamAe.TestSupport.Synthetic;

/// <summary>
/// Deterministic labelled test series: a stationary sine plus Gaussian noise with one <see cref="SeriesScenario"/>
/// injected from <see cref="SyntheticSeriesOptions.ChangeAt"/>. The same seed and options give the same series; each
/// call draws from its own <see cref="Random"/>, so calls do not depend on each other or on any shared state.
/// </summary>
public sealed class SyntheticSeriesGenerator(int seed)
{
    public SyntheticSeries Generate(SeriesScenario scenario, SyntheticSeriesOptions? options = null)
    {
        var o = options ?? new SyntheticSeriesOptions();
        if (o.Length < 10 || o.Period <= 1 || o.ChangeAt is <= 0 or >= 1 || o.FaultFraction <= 0)
        {
            throw new ArgumentException("Need Length ≥ 10, Period > 1, 0 < ChangeAt < 1 and FaultFraction > 0.", nameof(options));
        }
        // Per-scenario streams, so adding a scenario never changes the others; HashCode.Combine is salted per process.
        var random = new Random(unchecked((seed * 397) ^ (int)scenario));
        var change = (int)(o.Length * o.ChangeAt);
        var faultEnd = Math.Min(o.Length, change + Math.Max(1, (int)(o.Length * o.FaultFraction)));
        var values = new double[o.Length];
        var labels = new bool[o.Length];
        var phase = 0.0;
        for (var i = 0; i < o.Length; i++)
        {
            var acting = i >= change;
            var inFault = acting && i < faultEnd;
            var period = scenario == SeriesScenario.SeasonalityChange && acting ? o.Period * o.NewPeriodFactor : o.Period;
            var noiseSd = scenario == SeriesScenario.VarianceChange && inFault ? o.NoiseSd * o.NoiseFactor : o.NoiseSd;
            var value = o.Amplitude * Math.Sin(phase) + noiseSd * Gaussian(random);
            phase += 2 * Math.PI / period;
            switch (scenario)
            {
                case SeriesScenario.LevelShift when inFault:
                    value += o.ShiftSize;
                    break;
                case SeriesScenario.SlowTrend when acting:
                    value += o.TrendRise * (i - change + 1) / (o.Length - change);
                    break;
                case SeriesScenario.StuckSensor when inFault:
                    value = i == change ? value : values[change];
                    break;
                case SeriesScenario.DropoutToZero when inFault:
                    value = 0;
                    break;
            }
            values[i] = value;
            labels[i] = inFault && SeriesScenarios.KindOf(scenario) == ScenarioKind.Fault && scenario is not (SeriesScenario.Spikes or SeriesScenario.DataGap);
        }
        if (scenario == SeriesScenario.Spikes)
        {
            AddSpikes(random, values, labels, change, faultEnd, o);
        }
        var timestamps = new long[o.Length];
        for (var i = 0; i < o.Length; i++)
        {
            timestamps[i] = o.StartMs + i * o.IntervalMs;
        }
        var series = new SyntheticSeries(scenario, values, timestamps, labels, scenario == SeriesScenario.None ? -1 : change);
        return scenario == SeriesScenario.DataGap ? WithGap(series, change, faultEnd) : series;
    }

    /// <summary>Single-sample spikes at distinct random places in the fault span, up or down at random.</summary>
    private static void AddSpikes(Random random, double[] values, bool[] labels, int start, int end, SyntheticSeriesOptions o)
    {
        var places = Enumerable.Range(start, end - start).OrderBy(_ => random.Next()).Take(o.SpikeCount);
        foreach (var place in places)
        {
            values[place] += (random.Next(2) == 0 ? -1 : 1) * o.SpikeSize;
            labels[place] = true;
        }
    }

    /// <summary>Samples [start, end) removed; the first sample after them is labelled.</summary>
    private static SyntheticSeries WithGap(SyntheticSeries series, int start, int end)
    {
        var keep = Enumerable.Range(0, series.Values.Length).Where(i => i < start || i >= end).ToArray();
        var labels = new bool[keep.Length];
        if (start < labels.Length)
        {
            labels[start] = true;
        }
        return series with
        {
            Values = [.. keep.Select(i => series.Values[i])],
            TimestampsMs = [.. keep.Select(i => series.TimestampsMs[i])],
            Labels = labels,
        };
    }

    /// <summary>Standard normal draw (Box–Muller).</summary>
    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
