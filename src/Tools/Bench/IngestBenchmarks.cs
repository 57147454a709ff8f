using System.Diagnostics;
using System.Globalization;
using System.Text;
using StreamAe.Ingest.Parsing;
using StreamAe.Ingest.Windowing;

namespace StreamAe.Tools.Bench;

/// <summary>One benchmark figure.</summary>
public sealed record IngestBenchmarkResult(string Name, double PerSecond, string Unit, long Operations, TimeSpan Elapsed);

/// <summary>
/// Single-threaded Stopwatch loops over the ingest hot paths (for <c>streamae bench</c>). Each runs a short
/// warm-up, then the measured loop; figures are per second of one core.
/// </summary>
public static class IngestBenchmarks
{
    private const long T0 = 1_732_300_000_000;

    public static IReadOnlyList<IngestBenchmarkResult> RunAll(int scale = 1) =>
    [
        Windowing(samples: 20_000_000L * scale, windowLength: 140, hop: 140),
        Windowing(samples: 5_000_000L * scale, windowLength: 140, hop: 35),
        Windowing(samples: 20_000_000L * scale, windowLength: 140, hop: 140, sampleIntervalMs: 1),
        Windowing(samples: 5_000_000L * scale, windowLength: 140, hop: 35, sampleIntervalMs: 1),
        ChunkParsing(messages: 100_000 * scale, samplesPerMessage: 128),
        SampleParsing(messages: 2_000_000 * scale),
    ];

    /// <summary>Samples a second through <see cref="Windower.Add(string, long, ReadOnlySpan{float}, long, bool?, long)"/>
    /// (100 series round-robin, one sample a millisecond each, windows allocated and handed on); time-aligned
    /// when <paramref name="sampleIntervalMs"/> is set, counted from the first sample otherwise.</summary>
    public static IngestBenchmarkResult Windowing(long samples, int windowLength, int hop, int seriesCount = 100,
        long sampleIntervalMs = 0)
    {
        var series = Enumerable.Range(0, seriesCount).Select(i => $"series-{i}").ToArray();
        long windows = 0;
        var options = new WindowerOptions { WindowLength = windowLength, Hop = hop, SampleIntervalMs = sampleIntervalMs };
        var windower = new Windower(options, _ => windows++);
        var value = new float[1];
        void Run(long count)
        {
            for (long i = 0; i < count; i++)
            {
                value[0] = i;
                windower.Add(series[i % seriesCount], T0 + i / seriesCount, value);
            }
        }
        Run(Math.Min(samples / 10, 1_000_000));
        var clock = Stopwatch.StartNew();
        Run(samples);
        clock.Stop();
        var alignment = sampleIntervalMs > 0 ? "time-aligned" : "counted";
        return Result($"windowing W={windowLength} H={hop} ({alignment})", samples, "samples/s", clock.Elapsed);
    }

    /// <summary>Samples a second parsed from <c>chunk</c> JSON messages (parser only).</summary>
    public static IngestBenchmarkResult ChunkParsing(int messages, int samplesPerMessage)
    {
        var body = new StringBuilder($$"""{"series":"ecg-7","ts":{{T0}},"interval_ms":8,"values":[""");
        for (var i = 0; i < samplesPerMessage; i++)
        {
            // What a producer serialising float32 samples writes: the shortest round-trip text of each float.
            body.Append(i == 0 ? "" : ",").Append(((float)(Math.Sin(i / 10.0) * 1.5)).ToString("R", CultureInfo.InvariantCulture));
        }
        body.Append("]}");
        var elapsed = ParseLoop(MessageFormat.Chunk, Encoding.UTF8.GetBytes(body.ToString()), messages);
        return Result($"chunk parsing ({samplesPerMessage} values/message)", (long)messages * samplesPerMessage, "samples/s", elapsed);
    }

    /// <summary>Messages a second parsed from <c>sample</c> JSON messages (parser only).</summary>
    public static IngestBenchmarkResult SampleParsing(int messages)
    {
        var body = Encoding.UTF8.GetBytes($$"""{"series":"ecg-7","ts":{{T0}},"value":0.123456}""");
        return Result("sample JSON parsing", messages, "messages/s", ParseLoop(MessageFormat.Sample, body, messages));
    }

    private static TimeSpan ParseLoop(MessageFormat format, byte[] body, int messages)
    {
        var parser = MessageParsers.Create(new FormatOptions { Format = format });
        var parsed = new ParsedMessage();
        void Run(int count)
        {
            for (var i = 0; i < count; i++)
            {
                parsed.Clear();
                if (!parser.TryParse(default, body, parsed, out var failure))
                {
                    throw new InvalidOperationException($"Benchmark message refused: {failure.Detail}");
                }
            }
        }
        Run(Math.Min(messages / 10, 100_000));
        var clock = Stopwatch.StartNew();
        Run(messages);
        return clock.Elapsed;
    }

    private static IngestBenchmarkResult Result(string name, long operations, string unit, TimeSpan elapsed) =>
        new(name, operations / elapsed.TotalSeconds, unit, operations, elapsed);
}
