using System.Buffers;
using System.Globalization;

namespace StreamAe.Tools.Offline;

/// <summary>
/// <c>score</c>'s output: a row per window, in input order. <c>ts</c> is the window's last sample time (UCR: the row
/// number), <c>alert</c> the transition the window caused (<c>open</c>, <c>closed</c> or empty), <c>label</c> the
/// file's label when it has one (1 = anomalous). A series id holding a comma, a quote or a line break is quoted as
/// RFC 4180 says.
/// </summary>
public static class DecisionCsv
{
    public const string Header = "series,ts,score,threshold,calibrated_score,anomaly,alert,label";

    private static readonly SearchValues<char> NeedQuoting = SearchValues.Create(",\"\r\n");

    /// <summary>Writes the header and one row a window; returns the number of rows.</summary>
    public static long Write(IEnumerable<ReplayedWindow> windows, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine(Header);
        long rows = 0;
        foreach (var (decided, alert) in windows)
        {
            output.Write(Field(decided.Series));
            output.Write(',');
            output.Write(decided.Window.EndMs.ToString(CultureInfo.InvariantCulture));
            output.Write(',');
            output.Write(decided.Score.ToString("R", CultureInfo.InvariantCulture));
            output.Write(',');
            output.Write(decided.Threshold.ToString("R", CultureInfo.InvariantCulture));
            output.Write(',');
            output.Write(decided.CalibratedScore.ToString("R", CultureInfo.InvariantCulture));
            output.Write(',');
            output.Write(decided.Anomaly ? "true" : "false");
            output.Write(',');
            output.Write(alert is null ? "" : alert.State == Contracts.AlertState.Open ? "open" : "closed");
            output.Write(',');
            output.WriteLine(decided.Window.Label switch { true => "1", false => "0", null => "" });
            rows++;
        }
        return rows;
    }

    private static string Field(string text) => text.AsSpan().ContainsAny(NeedQuoting)
        ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\""
        : text;
}
