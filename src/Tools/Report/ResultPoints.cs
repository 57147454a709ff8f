using System.Globalization;
using StreamAe.Sink.Points;

namespace StreamAe.Tools.Report;

/// <summary>Turns a point of the StreamAe schema (whatever format carried it) into a score or alert record.</summary>
internal static class ResultPoints
{
    public static void Add(ResultSet into, string measurement, IReadOnlyDictionary<string, string> tags,
        IReadOnlyDictionary<string, object> fields, long timeMs)
    {
        var series = tags.GetValueOrDefault("series") ?? "";
        var model = tags.GetValueOrDefault("model") ?? "";
        if (measurement == StreamAeSchema.ScoreMeasurement && Number(fields, "score") is { } score)
        {
            into.Scores.Add(new ScorePoint(series, model, timeMs, score, Number(fields, "threshold") ?? double.NaN,
                Number(fields, "calibrated_score"), fields.GetValueOrDefault("anomaly") is true));
        }
        else if (measurement == StreamAeSchema.AlertMeasurement)
        {
            into.Alerts.Add(new AlertPoint(series, model, timeMs, tags.GetValueOrDefault("state") != "closed",
                Number(fields, "peak_score") ?? double.NaN, (long)(Number(fields, "windows") ?? 0),
                Number(fields, "duration_ms") is { } duration ? (long)duration : null, fields.GetValueOrDefault("explanation") as string));
        }
    }

    public static long ToMilliseconds(long time, TimestampPrecision precision) => precision switch
    {
        TimestampPrecision.Nanoseconds => time / 1_000_000,
        TimestampPrecision.Microseconds => time / 1_000,
        _ => time,
    };

    private static double? Number(IReadOnlyDictionary<string, object> fields, string key) => fields.GetValueOrDefault(key) switch
    {
        double d => d,
        long l => l,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };
}
