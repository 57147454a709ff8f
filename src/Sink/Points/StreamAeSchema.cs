using System.Globalization;
using StreamAe.Contracts;

namespace StreamAe.Sink.Points;

/// <summary>
/// The InfluxDB schema dashboards depend on (docs/schema.md), in whichever format the writer writes.
/// Every point is keyed by series, model and a time derived from the data, so writing the same window or alert twice
/// overwrites instead of duplicating.
/// </summary>
public static class StreamAeSchema
{
    public const string ScoreMeasurement = "streamae_score";
    public const string AlertMeasurement = "streamae_alert";
    public const string ResidualMeasurement = "streamae_residual";

    private static readonly PointName Residual = PointName.Measurement(ResidualMeasurement);
    private static readonly PointName AnomalyKey = PointName.Key("anomaly");
    private static readonly PointName CalibratedScoreKey = PointName.Key("calibrated_score");
    private static readonly PointName ChannelKey = PointName.Key("channel");
    private static readonly PointName DurationKey = PointName.Key("duration_ms");
    private static readonly PointName ExplanationKey = PointName.Key("explanation");
    private static readonly PointName ModelKey = PointName.Key("model");
    private static readonly PointName PeakScoreKey = PointName.Key("peak_score");
    private static readonly PointName ReconstructionKey = PointName.Key("reconstruction");
    private static readonly PointName ResidualKey = PointName.Key("residual");
    private static readonly PointName ScoreKey = PointName.Key("score");
    private static readonly PointName SeriesKey = PointName.Key("series");
    private static readonly PointName StateKey = PointName.Key("state");
    private static readonly PointName ThresholdKey = PointName.Key("threshold");
    private static readonly PointName ValueKey = PointName.Key("value");
    private static readonly PointName WindowStartKey = PointName.Key("window_start");
    private static readonly PointName WindowsKey = PointName.Key("windows");

    private static readonly TaggedMeasurement Score = new(PointName.Measurement(ScoreMeasurement), ModelKey, SeriesKey);
    private static readonly TaggedMeasurement Alert = new(PointName.Measurement(AlertMeasurement), ModelKey, SeriesKey);

    private static readonly string[] ChannelNames = Enumerable.Range(0, 64)
        .Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();

    /// <summary>What one window contributes: its score point, the alert transition it caused, and (when enabled)
    /// its residual points.</summary>
    public static void WriteWindow(IPointWriter writer, ScoredWindow scored, AlertEvent? transition, bool residuals)
    {
        WriteScore(writer, scored);
        if (transition is not null)
        {
            WriteAlert(writer, transition);
        }
        if (residuals)
        {
            WriteResiduals(writer, scored);
        }
    }

    /// <summary><c>streamae_score</c>: one point a window, at the window's last sample time.</summary>
    public static bool WriteScore(IPointWriter writer, ScoredWindow scored)
    {
        writer.BeginPoint(Score, scored.Model, scored.Window.Series);
        writer.Field(AnomalyKey, scored.Anomaly);
        if (double.IsFinite(scored.CalibratedScore))
        {
            writer.Field(CalibratedScoreKey, scored.CalibratedScore);
        }
        writer.Field(ScoreKey, scored.Score);
        writer.Field(ThresholdKey, scored.Threshold);
        writer.Field(WindowStartKey, scored.Window.StartMs);
        return writer.EndPointMilliseconds(scored.Window.EndMs);
    }

    /// <summary><c>streamae_alert</c>: one point a transition; duration only on close.</summary>
    public static bool WriteAlert(IPointWriter writer, AlertEvent alert)
    {
        writer.BeginPoint(Alert, alert.Model, alert.Series);
        writer.Tag(StateKey, alert.State == AlertState.Open ? "open" : "closed");
        if (alert.DurationMs is { } duration)
        {
            writer.Field(DurationKey, duration);
        }
        writer.Field(PeakScoreKey, alert.PeakScore);
        writer.Field(WindowsKey, (long)alert.Windows);
        if (alert.Explanation is { } explanation)
        {
            writer.Field(ExplanationKey, explanation);
        }
        return writer.EndPointMilliseconds(alert.TimestampMs);
    }

    /// <summary>
    /// <c>streamae_residual</c>: per sample (and channel) value, reconstruction and residual of an anomalous window
    /// that carries its reconstruction. Sample i sits at StartMs + (EndMs − StartMs)·i/(Length − 1), computed in
    /// nanoseconds so sub-millisecond sampling keeps distinct times at µs/ns precision.
    /// </summary>
    /// <returns>Points written.</returns>
    public static int WriteResiduals(IPointWriter writer, ScoredWindow scored)
    {
        var window = scored.Window;
        var reconstruction = scored.Reconstruction;
        if (!scored.Anomaly || reconstruction is null || reconstruction.Length != window.Values.Length)
        {
            return 0;
        }
        var written = 0;
        var startNs = window.StartMs * 1_000_000;
        var spanNs = (window.EndMs - window.StartMs) * 1_000_000;
        var channels = Math.Max(window.Channels, 1);
        for (var i = 0; i < window.Length; i++)
        {
            var timeNs = window.Length > 1 ? startNs + (long)((double)spanNs * i / (window.Length - 1)) : startNs;
            for (var c = 0; c < channels; c++)
            {
                var index = i * channels + c;
                var value = window.Values[index];
                var reconstructed = reconstruction[index];
                writer.BeginPoint(Residual);
                if (channels > 1)
                {
                    writer.Tag(ChannelKey, c < ChannelNames.Length ? ChannelNames[c] : c.ToString(CultureInfo.InvariantCulture));
                }
                writer.Tag(ModelKey, scored.Model);
                writer.Tag(SeriesKey, window.Series);
                writer.Field(ReconstructionKey, reconstructed);
                writer.Field(ResidualKey, (double)value - reconstructed);
                writer.Field(ValueKey, value);
                if (writer.EndPointNanoseconds(timeNs))
                {
                    written++;
                }
            }
        }
        return written;
    }
}
