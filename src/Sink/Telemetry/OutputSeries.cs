namespace StreamAe.Sink.Telemetry;

/// <summary>
/// The label values one output can report besides <c>result="written"</c> (every output has it): declared when the
/// output is created, so each of its series is exported at 0 before anything happens.
/// </summary>
public sealed record OutputSeries(IReadOnlyList<string> BatchResults, IReadOnlyList<string> RetryClasses, IReadOnlyList<string> DropReasons)
{
    public static OutputSeries None { get; } = new([], [], []);

    public OutputSeries With(OutputSeries more) => new(
        [.. BatchResults.Union(more.BatchResults)], [.. RetryClasses.Union(more.RetryClasses)], [.. DropReasons.Union(more.DropReasons)]);
}
