using System.Globalization;
using StreamAe.Contracts;

namespace StreamAe.Sink.LineProtocol;

/// <summary>
/// The InfluxDB schema dashboards depend on (docs: DESIGN.md, "Outputs"). Every point is keyed by series, model and
/// a time derived from the data, so writing the same window or alert twice overwrites instead of duplicating.
/// </summary>
public static class StreamAeSchema
{
    public const string ScoreMeasurement = "streamae_score";
    public const string AlertMeasurement = "streamae_alert";
    public const string ResidualMeasurement = "streamae_residual";

    private static readonly string[] ChannelNames = Enumerable.Range(0, 64)
        .Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();

    /// <summary>What one window contributes: its score point, the alert transition it caused, and (when enabled)
    /// its residual points.</summary>
    public static void WriteWindow(LineProtocolWriter writer, ScoredWindow scored, AlertEvent? transition, bool residuals)
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
    public static bool WriteScore(LineProtocolWriter writer, ScoredWindow scored)
    {
        writer.BeginPoint(ScoreMeasurement);
        writer.Tag("model", scored.Model);
        writer.Tag("series", scored.Window.Series);
        writer.Field("anomaly", scored.Anomaly);
        writer.Field("score", scored.Score);
        writer.Field("threshold", scored.Threshold);
        writer.Field("window_start", scored.Window.StartMs);
        return writer.EndPointMilliseconds(scored.Window.EndMs);
    }

    /// <summary><c>streamae_alert</c>: one point a transition; duration only on close.</summary>
    public static bool WriteAlert(LineProtocolWriter writer, AlertEvent alert)
    {
        writer.BeginPoint(AlertMeasurement);
        writer.Tag("model", alert.Model);
        writer.Tag("series", alert.Series);
        writer.Tag("state", alert.State == AlertState.Open ? "open" : "closed");
        if (alert.DurationMs is { } duration)
        {
            writer.Field("duration_ms", duration);
        }
        writer.Field("peak_score", alert.PeakScore);
        writer.Field("windows", (long)alert.Windows);
        return writer.EndPointMilliseconds(alert.TimestampMs);
    }

    /// <summary>
    /// <c>streamae_residual</c>: per sample (and channel) value, reconstruction and residual of an anomalous window
    /// that carries its reconstruction. Sample i sits at StartMs + (EndMs − StartMs)·i/(Length − 1), computed in
    /// nanoseconds so sub-millisecond sampling keeps distinct times at µs/ns precision.
    /// </summary>
    /// <returns>Points written.</returns>
    public static int WriteResiduals(LineProtocolWriter writer, ScoredWindow scored)
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
                writer.BeginPoint(ResidualMeasurement);
                if (channels > 1)
                {
                    writer.Tag("channel", c < ChannelNames.Length ? ChannelNames[c] : c.ToString(CultureInfo.InvariantCulture));
                }
                writer.Tag("model", scored.Model);
                writer.Tag("series", window.Series);
                writer.Field("reconstruction", reconstructed);
                writer.Field("residual", (double)value - reconstructed);
                writer.Field("value", value);
                if (writer.EndPointNanoseconds(timeNs))
                {
                    written++;
                }
            }
        }
        return written;
    }
}
