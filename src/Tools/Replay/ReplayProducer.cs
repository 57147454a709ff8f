using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using StreamAe.Contracts;
using StreamAe.Ingest.Files;
using StreamAe.Ingest.Parsing;
using StreamAe.Ingest.Source;
using StreamAe.Model.Data;

namespace StreamAe.Tools.Replay;

/// <summary>What a replay did.</summary>
public sealed record ReplayResult(long Messages, long Failed, long Anomalous, TimeSpan Elapsed);

/// <summary>
/// Replays a data file into a Kafka topic, keyed by series, at a target rate or as fast as possible: UCR rows
/// as labelled <c>window</c> messages, CSV rows as <c>sample</c> (label included when the file has one) or
/// single-channel <c>chunk</c> messages. Waits for every delivery report before it returns.
/// </summary>
public sealed class ReplayProducer
{
    private readonly IProducer<string, byte[]> _producer;
    private readonly ReplayOptions _options;
    private readonly ReplayMessages _messages = new();
    private long _sent;
    private long _failed;
    private long _csvFirstMs = long.MaxValue;
    private long _csvSpanMs;

    public ReplayProducer(IProducer<string, byte[]> producer, ReplayOptions options)
    {
        ArgumentNullException.ThrowIfNull(producer);
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid(ReplayOptions.Section);
        _producer = producer;
        _options = options;
    }

    /// <summary>A producer configured for replays (idempotent, lz4-compressed batches). With a
    /// <paramref name="logger"/>, librdkafka's errors go there, a line per kind and 30 s, instead of every line on stderr.</summary>
    public static IProducer<string, byte[]> CreateProducer(string bootstrapServers,
        IEnumerable<KeyValuePair<string, string>>? settings = null, ILogger? logger = null)
    {
        var config = new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = 5,
            CompressionType = CompressionType.Lz4,
        };
        foreach (var (key, value) in settings ?? [])
        {
            config.Set(key, value);
        }
        var builder = new ProducerBuilder<string, byte[]>(config);
        if (logger is not null)
        {
            var errors = new RepeatedErrorLog(logger, "Kafka producer", RepeatedErrorLog.DefaultInterval);
            builder.SetLogHandler((_, log) => logger.LogDebug("librdkafka {Facility}: {Message}", log.Facility, log.Message))
                .SetErrorHandler((_, error) => errors.Report(error.Code.ToString(), error.Reason));
        }
        return builder.Build();
    }

    public async Task<ReplayResult> RunAsync(string path, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        long anomalous = 0;
        for (var pass = 0; _options.Repeat == 0 || pass < _options.Repeat; pass++)
        {
            if (_options.FileFormat == ReplayFileFormat.Ucr)
            {
                anomalous += await ReplayUcrAsync(UcrReader.Read(path), pass, clock, cancellationToken);
                continue;
            }
            using var reader = new StreamReader(path);
            anomalous += await ReplayCsvAsync(reader, Path.GetFileNameWithoutExtension(path), pass, clock, cancellationToken);
        }
        await Task.Run(() => _producer.Flush(cancellationToken), cancellationToken);
        return new ReplayResult(Interlocked.Read(ref _sent), Interlocked.Read(ref _failed), anomalous, clock.Elapsed);
    }

    private async Task<long> ReplayUcrAsync(WindowSet rows, int pass, Stopwatch clock, CancellationToken cancel)
    {
        var start = _options.StartTimestampMs > 0 ? _options.StartTimestampMs : DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        long anomalous = 0;
        for (var row = 0; row < rows.Count; row++)
        {
            var index = (long)pass * rows.Count + row;
            var series = $"{_options.SeriesPrefix}-{index % _options.SeriesCount}";
            // Consecutive rows of a series follow each other in time, one window length apart.
            var timestamp = start + index / _options.SeriesCount * rows.WindowLength * _options.SampleIntervalMs;
            var isAnomalous = rows.Labels[row] != _options.NormalLabel;
            anomalous += isAnomalous ? 1 : 0;
            if (_options.WallClock)
            {
                await WaitUntilPastAsync(timestamp + (rows.WindowLength - 1) * _options.SampleIntervalMs, cancel);
            }
            await SendAsync(series, _messages.Window(series, timestamp, _options.SampleIntervalMs, rows.Window(row), isAnomalous),
                clock, cancel);
        }
        return anomalous;
    }

    private async Task<long> ReplayCsvAsync(TextReader reader, string defaultSeries, int pass, Stopwatch clock,
        CancellationToken cancel)
    {
        var table = new CsvTable(_options.Csv);
        long anomalous = 0;
        var chunk = new List<float>();
        string? chunkSeries = null;
        long chunkStart = 0, chunkLast = 0;
        var chunkRows = 0;
        foreach (var fileRow in table.ReadRows(reader, defaultSeries))
        {
            // Each further pass continues the time line after the previous one.
            var row = fileRow with { TimestampMs = fileRow.TimestampMs + pass * _csvSpanMs };
            if (pass == 0)
            {
                _csvFirstMs = Math.Min(_csvFirstMs, row.TimestampMs);
                _csvSpanMs = Math.Max(_csvSpanMs, row.TimestampMs - _csvFirstMs + 1);
            }
            anomalous += row.Label == true ? 1 : 0;
            if (_options.MessageFormat == MessageFormat.Sample)
            {
                await SendAsync(row.Series, _messages.Sample(row.Series, row.TimestampMs, row.Values, row.Label), clock, cancel);
                continue;
            }
            if (chunkSeries is not null && (chunkSeries != row.Series || chunkRows == _options.ChunkSize))
            {
                await SendChunkAsync(chunkSeries, chunkStart, chunkLast, chunkRows, chunk, clock, cancel);
                chunk.Clear();
                chunkRows = 0;
            }
            if (chunkRows == 0)
            {
                chunkSeries = row.Series;
                chunkStart = row.TimestampMs;
            }
            chunkLast = row.TimestampMs;
            chunk.AddRange(row.Values);
            chunkRows++;
        }
        if (chunkRows > 0)
        {
            await SendChunkAsync(chunkSeries!, chunkStart, chunkLast, chunkRows, chunk, clock, cancel);
        }
        return anomalous;
    }

    private Task SendChunkAsync(string series, long first, long last, int rows, List<float> values, Stopwatch clock,
        CancellationToken cancel)
    {
        // A chunk carries one start time and a fixed spacing: the mean spacing of its rows.
        var interval = rows > 1 ? Math.Max(1, (last - first) / (rows - 1)) : _options.SampleIntervalMs;
        return SendAsync(series, _messages.Chunk(series, first, interval, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(values)),
            clock, cancel);
    }

    /// <summary>Messages handed to the producer so far (progress).</summary>
    public long MessagesSent => Interlocked.Read(ref _sent);

    private static async Task WaitUntilPastAsync(long epochMs, CancellationToken cancel)
    {
        // Timers run on the monotonic clock and may wake a millisecond early by the wall clock: look again.
        long ahead;
        while ((ahead = epochMs - DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()) > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(ahead), cancel);
        }
    }

    private async Task SendAsync(string key, byte[] body, Stopwatch clock, CancellationToken cancel)
    {
        cancel.ThrowIfCancellationRequested();
        var sent = Interlocked.Increment(ref _sent);
        if (_options.MessagesPerSecond > 0)
        {
            var due = TimeSpan.FromSeconds((sent - 1) / _options.MessagesPerSecond);
            var ahead = due - clock.Elapsed;
            if (ahead > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(ahead, cancel);
            }
        }
        while (true)
        {
            try
            {
                _producer.Produce(_options.Topic, new Message<string, byte[]> { Key = key, Value = body }, report =>
                {
                    if (report.Error.IsError)
                    {
                        Interlocked.Increment(ref _failed);
                    }
                });
                return;
            }
            catch (ProduceException<string, byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
            {
                _producer.Poll(TimeSpan.FromMilliseconds(50)); // the local queue is full: let deliveries drain
            }
        }
    }
}
