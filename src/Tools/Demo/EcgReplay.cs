using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Confluent.Kafka;
using StreamAe.Model.Data;

namespace StreamAe.Tools.Demo;

/// <summary>
/// Replays labelled ECG beats into a topic as <c>window</c> messages (one labelled beat a message), spread over several series
/// and keyed by series, each stamped with the wall clock at sending so end-to-end latency can be measured.
/// </summary>
internal sealed class EcgReplay(WindowSet beats, int seriesCount, double normalLabel)
{
    /// <summary>ECG5000 beats are sampled at about 125 Hz.</summary>
    private const int SampleIntervalMs = 8;

    public int Count => beats.Count;

    public static string SeriesName(int index) => string.Create(CultureInfo.InvariantCulture, $"ecg-{index:D2}");

    /// <param name="rate">beats per second; 0 = as fast as the producer goes.</param>
    public async Task ProduceAsync(string bootstrapServers, string topic, double rate, CancellationToken cancellationToken)
    {
        var config = new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            EnableIdempotence = true,
            LingerMs = 5,
            CompressionType = CompressionType.Lz4,
        };
        using var producer = new ProducerBuilder<string, byte[]>(config).Build();
        var buffer = new ArrayBufferWriter<byte>(4096);
        var started = DateTime.UtcNow;
        // Points are keyed by series and window time: two beats of a series must never share a millisecond.
        var lastTimestamp = new long[seriesCount];
        for (var i = 0; i < beats.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (rate > 0)
            {
                var due = started.AddSeconds(i / rate) - DateTime.UtcNow;
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, cancellationToken).ConfigureAwait(false);
                }
            }
            var seriesIndex = i % seriesCount;
            var series = SeriesName(seriesIndex);
            // The beat's last sample is stamped now (so latency is measured from production), earlier samples 8 ms apart.
            var end = lastTimestamp[seriesIndex] = Math.Max(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), lastTimestamp[seriesIndex] + 1);
            buffer.ResetWrittenCount();
            WriteMessage(buffer, series, end - (beats.WindowLength - 1) * SampleIntervalMs, beats.Window(i), beats.Labels[i] != normalLabel);
            producer.Produce(topic, new Message<string, byte[]> { Key = series, Value = buffer.WrittenSpan.ToArray() });
        }
        producer.Flush(cancellationToken);
    }

    private static void WriteMessage(IBufferWriter<byte> output, string series, long timestampMs, ReadOnlySpan<float> window, bool anomalous)
    {
        using var json = new Utf8JsonWriter(output);
        json.WriteStartObject();
        json.WriteString("series", series);
        json.WriteNumber("ts", timestampMs);
        json.WriteNumber("interval_ms", SampleIntervalMs);
        json.WriteStartArray("window");
        foreach (var value in window)
        {
            json.WriteNumberValue(value);
        }
        json.WriteEndArray();
        json.WriteBoolean("label", anomalous);
        json.WriteEndObject();
    }
}
