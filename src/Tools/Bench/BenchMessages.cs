using System.Globalization;
using System.Text;
using Confluent.Kafka;
using StreamAe.Ingest.Parsing;

namespace StreamAe.Tools.Bench;

/// <summary>
/// The end-to-end suites' Kafka traffic: a run of consecutive samples of one series sent as one <c>chunk</c> message or
/// as one <c>sample</c> message each. Values come from a noisy sine formatted once, up front, so producing costs little
/// of the cores the daemon shares.
/// </summary>
public sealed class BenchMessages
{
    private static readonly string[] Values = SignalTexts();
    private readonly MessageFormat _format;
    private readonly StringBuilder _body = new();
    private readonly IProducer<string, byte[]> _producer;
    private readonly string _topic;

    public BenchMessages(MessageFormat format, IProducer<string, byte[]> producer, string topic)
    {
        if (!Produces(format))
        {
            throw new ArgumentException($"the benchmarks produce chunk or sample messages, not {format}", nameof(format));
        }
        _format = format;
        _producer = producer;
        _topic = topic;
    }

    /// <summary>The formats the benchmarks can produce.</summary>
    public static bool Produces(MessageFormat format) => format is MessageFormat.Chunk or MessageFormat.Sample;

    /// <summary>Sends <paramref name="count"/> samples of <paramref name="series"/>, the first stamped
    /// <paramref name="firstMs"/> and the rest <paramref name="intervalMs"/> apart, read from the signal at
    /// <paramref name="phase"/>; waits while the producer's queue is full.</summary>
    public void Send(string series, long firstMs, int intervalMs, long phase, int count)
    {
        if (_format == MessageFormat.Chunk)
        {
            _body.Clear().Append(CultureInfo.InvariantCulture, $"{{\"series\":\"{series}\",\"ts\":{firstMs},\"interval_ms\":{intervalMs},\"values\":[");
            for (var i = 0; i < count; i++)
            {
                _body.Append(i == 0 ? "" : ",").Append(Value(phase + i));
            }
            Produce(series, _body.Append("]}"));
            return;
        }
        for (var i = 0; i < count; i++)
        {
            _body.Clear().Append(CultureInfo.InvariantCulture, $"{{\"series\":\"{series}\",\"ts\":{firstMs + (long)i * intervalMs},\"value\":").Append(Value(phase + i));
            Produce(series, _body.Append('}'));
        }
    }

    private static string Value(long phase) => Values[phase % Values.Length];

    private void Produce(string series, StringBuilder body)
    {
        var message = new Message<string, byte[]> { Key = series, Value = Encoding.UTF8.GetBytes(body.ToString()) };
        while (true)
        {
            try
            {
                _producer.Produce(_topic, message);
                return;
            }
            catch (ProduceException<string, byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
            {
                _producer.Poll(TimeSpan.FromMilliseconds(10));
            }
        }
    }

    /// <summary>A noisy sine, 32 periods in 4 096 values; series read it at different phases.</summary>
    private static string[] SignalTexts()
    {
        var random = new Random(3);
        return Enumerable.Range(0, 4096)
            .Select(i => (MathF.Sin(i * 2 * MathF.PI / 4096 * 32) + (float)(random.NextDouble() * 0.05)).ToString("G5", CultureInfo.InvariantCulture))
            .ToArray();
    }
}
