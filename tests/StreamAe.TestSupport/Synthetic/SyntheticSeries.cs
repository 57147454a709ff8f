using System.Globalization;

namespace StreamAe.TestSupport.Synthetic;

/// <summary>A labelled univariate series: values, epoch-ms timestamps and per-sample labels (true = anomalous).</summary>
/// <param name="ChangeIndex">First sample the scenario acts on (for a gap: the first sample after it); -1 for <see cref="SeriesScenario.None"/>.</param>
public sealed record SyntheticSeries(SeriesScenario Scenario, double[] Values, long[] TimestampsMs, bool[] Labels, int ChangeIndex)
{
    public ScenarioKind Kind => SeriesScenarios.KindOf(Scenario);

    /// <summary>Writes <c>ts,value,label</c> (epoch ms, invariant number, 0/1), the layout <c>--format csv</c> reads.</summary>
    public void WriteCsv(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine("ts,value,label");
        for (var i = 0; i < Values.Length; i++)
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{TimestampsMs[i]},{Values[i]:R},{(Labels[i] ? 1 : 0)}"));
        }
    }

    public void WriteCsv(string path)
    {
        using var writer = new StreamWriter(path);
        WriteCsv(writer);
    }
}
