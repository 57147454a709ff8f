namespace StreamAe.Tools.Report;

/// <summary>One scored window as the outputs record it (<c>streamae_score</c>, a <c>score</c> CSV row). Time is epoch
/// milliseconds for daemon outputs, or whatever the CSV's <c>ts</c> holds (a row number for UCR files).</summary>
public sealed record ScorePoint(string Series, string Model, long Time, double Score, double Threshold, double? Calibrated, bool Anomaly);

/// <summary>One alert transition (<c>streamae_alert</c>).</summary>
public sealed record AlertPoint(string Series, string Model, long Time, bool Open, double PeakScore, long Windows, long? DurationMs,
    string? Explanation);

/// <summary>What a report is made of, and where it was read from.</summary>
public sealed class ResultSet(string source)
{
    /// <summary>Times from 1973 on are taken for epoch milliseconds; smaller ones are positions (a UCR file's row numbers).</summary>
    private const long EarliestEpochMs = 100_000_000_000;

    public string Source { get; } = source;

    /// <summary>Whether times are epoch milliseconds (shown as dates) rather than plain positions.</summary>
    public bool EpochTime => Scores.Count > 0 && Scores.Min(s => s.Time) >= EarliestEpochMs;

    public List<ScorePoint> Scores { get; } = [];

    public List<AlertPoint> Alerts { get; } = [];
}
