using System.Text.Json;
using System.Text.Json.Serialization;
using StreamAe.Model.Data;

namespace StreamAe.IntegrationTests.Reliability;

/// <summary>
/// Deterministic <c>window</c> messages: message i belongs to series <c>s{i % 5}</c> and carries time
/// <see cref="BaseTimestampMs"/> + i, so every message maps to exactly one distinct InfluxDB point however often it is
/// replayed.
/// </summary>
internal static class BeatMessages
{
    public const int SeriesCount = 5;

    public const long BaseTimestampMs = 1_750_000_000_000;

    public static string Series(int index) => "s" + (index % SeriesCount).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static byte[] Valid(WindowSet beats, int index) =>
        Json(Series(index), BaseTimestampMs + index, beats.Window(index % beats.Count));

    public static byte[] Json(string series, long timestampMs, ReadOnlySpan<float> window) =>
        JsonSerializer.SerializeToUtf8Bytes(new WindowMessage(series, timestampMs, window.ToArray()));

    /// <summary>The daemon's <c>window</c> message format (one labelled beat a message).</summary>
    private sealed record WindowMessage(
        [property: JsonPropertyName("series")] string Series,
        [property: JsonPropertyName("ts")] long Timestamp,
        [property: JsonPropertyName("window")] float[] Window);
}
