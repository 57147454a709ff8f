using StreamAe.Ingest.Files;
using StreamAe.TestSupport.Synthetic;

namespace StreamAe.Ingest.Tests.Synthetic;

public sealed class SyntheticSeriesGeneratorTests
{
    private static readonly SyntheticSeriesOptions Options = new() { Length = 1000 };

    public static TheoryData<SeriesScenario> AllScenarios => [.. Enum.GetValues<SeriesScenario>()];

    [Theory]
    [MemberData(nameof(AllScenarios))]
    public void The_same_seed_gives_the_same_series_and_another_seed_another(SeriesScenario scenario)
    {
        var first = new SyntheticSeriesGenerator(7).Generate(scenario, Options);
        var again = new SyntheticSeriesGenerator(7).Generate(scenario, Options);
        var other = new SyntheticSeriesGenerator(8).Generate(scenario, Options);

        Assert.Equal(first.Values, again.Values);
        Assert.Equal(first.Labels, again.Labels);
        Assert.NotEqual(first.Values, other.Values);
    }

    [Theory]
    [MemberData(nameof(AllScenarios))]
    public void Drift_and_the_baseline_are_labelled_normal_and_faults_are_labelled_where_they_act(SeriesScenario scenario)
    {
        var series = new SyntheticSeriesGenerator(1).Generate(scenario, Options);

        Assert.Equal(series.Values.Length, series.Labels.Length);
        Assert.Equal(series.Values.Length, series.TimestampsMs.Length);
        Assert.DoesNotContain(true, series.Labels[..Math.Max(0, series.ChangeIndex)]);
        if (series.Kind == ScenarioKind.Fault)
        {
            Assert.True(series.Labels[series.ChangeIndex..].Any(l => l), $"{scenario} labels nothing");
        }
        else
        {
            Assert.DoesNotContain(true, series.Labels);
        }
    }

    [Fact]
    public void Faults_change_the_values_the_way_their_names_say()
    {
        var generator = new SyntheticSeriesGenerator(3);
        var baseline = generator.Generate(SeriesScenario.None, Options).Values;
        var change = (int)(Options.Length * Options.ChangeAt);
        var faultLength = (int)(Options.Length * Options.FaultFraction);

        var shifted = generator.Generate(SeriesScenario.LevelShift, Options).Values;
        var stuck = generator.Generate(SeriesScenario.StuckSensor, Options).Values;
        var dropout = generator.Generate(SeriesScenario.DropoutToZero, Options).Values;
        var gap = generator.Generate(SeriesScenario.DataGap, Options);
        var trend = generator.Generate(SeriesScenario.SlowTrend, Options).Values;

        Assert.InRange(Mean(shifted, change, faultLength) - Mean(baseline, 0, change), 2.5, 3.5);
        Assert.Single(stuck.Skip(change).Take(faultLength).Distinct());
        Assert.All(dropout.Skip(change).Take(faultLength), v => Assert.Equal(0, v));
        Assert.Equal(Options.Length - faultLength, gap.Values.Length);
        Assert.Equal((faultLength + 1) * Options.IntervalMs, gap.TimestampsMs[change] - gap.TimestampsMs[change - 1]);
        Assert.InRange(Mean(trend, Options.Length - 100, 100) - Mean(trend, 0, change), 2.4, 3.2);
    }

    [Fact]
    public void Drifts_and_faults_are_told_apart()
    {
        Assert.Equal([SeriesScenario.SlowTrend, SeriesScenario.SeasonalityChange], SeriesScenarios.Drifts);
        Assert.All(SeriesScenarios.Faults, s => Assert.Equal(ScenarioKind.Fault, SeriesScenarios.KindOf(s)));
        Assert.Equal(Enum.GetValues<SeriesScenario>().Length - 1, SeriesScenarios.Drifts.Count + SeriesScenarios.Faults.Count);
    }

    [Fact]
    public void The_csv_it_writes_reads_back_with_the_same_times_values_and_labels()
    {
        var series = new SyntheticSeriesGenerator(11).Generate(SeriesScenario.Spikes, Options);
        using var text = new StringWriter();
        series.WriteCsv(text);

        var table = new CsvTable(new CsvFileOptions());
        var rows = table.ReadRows(new StringReader(text.ToString()), "synthetic")
            .Select(r => (r.TimestampMs, Value: r.Values[0], Label: r.Label == true)).ToList();

        Assert.Equal(["value"], table.ValueColumns);
        Assert.Equal(series.TimestampsMs, rows.Select(r => r.TimestampMs));
        Assert.Equal(series.Values.Select(v => (float)v), rows.Select(r => r.Value));
        Assert.Equal(series.Labels, rows.Select(r => r.Label));
        Assert.Equal(Options.SpikeCount, rows.Count(r => r.Label));
    }

    private static double Mean(double[] values, int start, int count) => values.Skip(start).Take(count).Average();
}
