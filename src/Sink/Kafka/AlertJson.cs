using System.Text.Json;
using StreamAe.Contracts;

namespace StreamAe.Sink.Kafka;

/// <summary>
/// The JSON an alert carries on the alerts topic: the same fields as <c>streamae_alert</c>
/// (<c>{"series","model","state":"open|closed","timestamp_ms","peak_score","windows","duration_ms"}</c>;
/// duration only on close; <c>"explanation"</c> on open when the Detector explains alerts).
/// </summary>
public static class AlertJson
{
    public static byte[] Serialize(AlertEvent alert)
    {
        using var buffer = new MemoryStream(192);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("series", alert.Series);
            json.WriteString("model", alert.Model);
            json.WriteString("state", alert.State == AlertState.Open ? "open" : "closed");
            json.WriteNumber("timestamp_ms", alert.TimestampMs);
            if (double.IsFinite(alert.PeakScore))
            {
                json.WriteNumber("peak_score", alert.PeakScore);
            }
            else
            {
                json.WriteNull("peak_score");
            }
            json.WriteNumber("windows", alert.Windows);
            if (alert.DurationMs is { } duration)
            {
                json.WriteNumber("duration_ms", duration);
            }
            if (alert.Explanation is { } explanation)
            {
                json.WriteString("explanation", explanation);
            }
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
