using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using StreamAe.Sink.Influx;
using StreamAe.Sink.Points;
using StreamAe.Sink.Tests.LineProtocol;
using StreamAe.Sink.Tests.Support;

namespace StreamAe.Sink.Tests.Influx;

/// <summary>
/// The one retry loop (the batcher's) as the InfluxDB output drives it: every failed attempt, classified response or
/// exception, waits once, on one backoff sequence, on the fake clock; points are written once and acknowledged once.
/// </summary>
public sealed class InfluxRetryTests
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(10); // shorter waits are retry waits

    [Theory]
    [InlineData(503, "3", 3000, 3000)] // Retry-After decides the wait
    [InlineData(500, null, 50, 100)]   // the first backoff step: 100 ms with equal jitter
    public async Task A_failed_write_then_success_waits_once_writes_each_point_once_and_acknowledges_once(
        int status, string? retryAfter, int minWaitMs, int maxWaitMs)
    {
        var tokens = Tokens(4);
        var ackedAtRequest = new List<int>();
        await using var server = new FakeInfluxServer(r =>
        {
            lock (ackedAtRequest)
            {
                ackedAtRequest.Add(tokens.Sum(t => t.Count));
            }
            return r.Index == 0 ? new FakeResponse(status, "{\"code\":\"unavailable\"}", retryAfter) : FakeResponse.NoContent;
        });
        var time = new WaitRecordingTime(Long);
        await using (var output = new InfluxOutput(Options(server.Url, batchSize: 4), writeResiduals: false, logger: null, handler: null, time))
        {
            await WriteWindowsAsync(output, tokens);
            var wait = await time.AdvancePastNextWaitAsync();
            await output.FlushAsync(CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(20));

            Assert.InRange(wait, TimeSpan.FromMilliseconds(minWaitMs), TimeSpan.FromMilliseconds(maxWaitMs));
            Assert.Equal(1, output.Stats.Retries);
            Assert.Equal(4, output.Stats.PointsWritten);
            Assert.Equal(4, output.Stats.WindowsAcknowledged);
        }

        Assert.Single(time.Waits);
        Assert.Equal([0, 0], ackedAtRequest);
        Assert.All(tokens, t => Assert.Equal(1, t.Count));
        var written = Points(server.Writes.Skip(1).Select(w => w.Body));
        Assert.Equal(tokens.Select(t => TestData.Scored("s", "m", t.Id).Window.EndMs * 1000), written.Select(p => p.Timestamp));
    }

    [Fact]
    public async Task A_refused_connection_and_an_unexpected_exception_are_retried_by_the_same_loop_on_one_backoff_sequence()
    {
        var handler = new ScriptedHandler(i => i switch
        {
            0 => throw new HttpRequestException("Connection refused (127.0.0.1:8086)", new SocketException((int)SocketError.ConnectionRefused)),
            1 => throw new InvalidOperationException("the client broke"),
            _ => ScriptedHandler.Status(204),
        });
        var logger = new ListLogger();
        var time = new WaitRecordingTime(Long);
        var tokens = Tokens(3);
        TimeSpan first;
        await using (var output = new InfluxOutput(Options("http://127.0.0.1:8086", batchSize: 3), writeResiduals: false, logger, handler, time))
        {
            await WriteWindowsAsync(output, tokens);

            first = await time.NextWaitAsync();
            Assert.StartsWith("connection: Connection refused", output.Stats.WriteFailure, StringComparison.Ordinal);
            time.Advance(first);
            var second = await time.NextWaitAsync();
            Assert.Equal("error: the client broke", output.Stats.WriteFailure);
            time.Advance(second);
            await output.FlushAsync(CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(20));

            Assert.InRange(first, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100));  // attempt 1: 100 ms step
            Assert.InRange(second, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200)); // attempt 2: 200 ms step
            Assert.Equal(2, output.Stats.Retries);
            Assert.Null(output.Stats.WriteFailure);
        }

        Assert.Equal(3, handler.Bodies.Count);
        Assert.All(tokens, t => Assert.Equal(1, t.Count));
        // The first failed attempt is logged, naming the output, points, class, detail, wait and attempt; the second is not.
        var warning = Assert.Single(logger.Entries, e => e.Level == LogLevel.Warning);
        Assert.Contains("influx_v2", warning.Message, StringComparison.Ordinal);
        Assert.Contains("3 points", warning.Message, StringComparison.Ordinal);
        Assert.Contains("connection: Connection refused", warning.Message, StringComparison.Ordinal);
        Assert.Contains($"retrying in {(long)first.TotalMilliseconds} ms (attempt 1)", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_413_on_a_multi_record_batch_writes_each_half_once_resumes_after_the_written_half_and_acknowledges_once()
    {
        var tokens = Tokens(8);
        var ackedAtRequest = new List<int>();
        await using var server = new FakeInfluxServer(r =>
        {
            lock (ackedAtRequest)
            {
                ackedAtRequest.Add(tokens.Sum(t => t.Count));
            }
            return r.Index switch
            {
                0 => new FakeResponse(413, "{\"code\":\"request too large\"}"), // all 8 records
                2 => new FakeResponse(503, "{\"code\":\"unavailable\"}"),       // the second half, the first time
                _ => FakeResponse.NoContent,
            };
        });
        var time = new WaitRecordingTime(Long);
        await using (var output = new InfluxOutput(Options(server.Url, batchSize: 8), writeResiduals: false, logger: null, handler: null, time))
        {
            await WriteWindowsAsync(output, tokens);
            await time.AdvancePastNextWaitAsync();
            await output.FlushAsync(CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(20));

            Assert.Equal(8, output.Stats.PointsWritten);
            Assert.Equal(8, output.Stats.WindowsAcknowledged);
            Assert.Equal(2, output.Stats.Retries); // the split and the 503
        }

        var bodies = server.Writes.Select(w => w.Body).ToList();
        Assert.Equal([8, 4, 4, 4], bodies.Select(b => Points([b]).Count));
        Assert.Equal(bodies[2], bodies[3]); // the retry sends the records not yet written, nothing more
        var written = Points([bodies[1], bodies[3]]);
        Assert.Equal(tokens.Select(t => TestData.Scored("s", "m", t.Id).Window.EndMs * 1000), written.Select(p => p.Timestamp));
        Assert.Equal([0, 0, 0, 0], ackedAtRequest);
        Assert.All(tokens, t => Assert.Equal(1, t.Count));
    }

    /// <summary>
    /// With a retry loop inside the output and another around it, an exception went to the outer loop and a 503 to
    /// the inner one, whose attempt count started again at each call: the waits went 1st, 1st, 2nd, 1st, 3rd, 1st
    /// step (and every inner first attempt logged). One loop: one sequence of growing waits, one log line.
    /// </summary>
    [Fact]
    public async Task Alternating_exceptions_and_503s_wait_on_one_growing_backoff_sequence_and_log_once()
    {
        var handler = new ScriptedHandler(i => i switch
        {
            < 6 when i % 2 == 0 => throw new InvalidOperationException($"failure {i}"),
            < 6 => ScriptedHandler.Status(503),
            _ => ScriptedHandler.Status(204),
        });
        var logger = new ListLogger();
        var time = new WaitRecordingTime(Long);
        var tokens = Tokens(2);
        var options = Options("http://127.0.0.1:8086", batchSize: 2);
        options.MaxBackoffMs = 100_000;
        await using (var output = new InfluxOutput(options, writeResiduals: false, logger, handler, time))
        {
            await WriteWindowsAsync(output, tokens);
            for (var i = 0; i < 6; i++)
            {
                await time.AdvancePastNextWaitAsync();
            }
            await output.FlushAsync(CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(20));
            Assert.Equal(6, output.Stats.Retries);
        }

        var waits = time.Waits;
        Assert.Equal(6, waits.Count);
        for (var attempt = 0; attempt < waits.Count; attempt++)
        {
            var step = 100 * Math.Pow(2, attempt);
            Assert.True(waits[attempt] >= TimeSpan.FromMilliseconds(step / 2) && waits[attempt] <= TimeSpan.FromMilliseconds(step),
                $"wait {attempt + 1} was {waits[attempt].TotalMilliseconds} ms, not within [{step / 2}, {step}] ms: waits {string.Join(", ", waits.Select(w => w.TotalMilliseconds))}");
        }
        Assert.Single(logger.Entries, e => e.Level == LogLevel.Warning);
        Assert.Equal(7, handler.Bodies.Count);
        Assert.All(tokens, t => Assert.Equal(1, t.Count));
    }

    private static RecordingToken[] Tokens(int count) => Enumerable.Range(0, count).Select(i => new RecordingToken(i)).ToArray();

    private static List<ParsedPoint> Points(IEnumerable<string> bodies) =>
        bodies.SelectMany(b => LineProtocolParser.Parse(Encoding.UTF8.GetBytes(b))).ToList();

    private static async Task WriteWindowsAsync(InfluxOutput output, RecordingToken[] tokens)
    {
        foreach (var token in tokens)
        {
            await output.WriteAsync(TestData.Scored("s", "m", token.Id), null, token, CancellationToken.None);
        }
    }

    /// <summary>Batches cut by size alone (the batch delays are far longer than any retry wait); backoff 100 ms to 1 s.</summary>
    private static InfluxOptions Options(string url, int batchSize) => new()
    {
        Url = url,
        ApiVersion = InfluxApiVersion.V2,
        Bucket = "b",
        Precision = TimestampPrecision.Microseconds,
        BatchSize = batchSize,
        MaxDelayMs = 3_600_000,
        BacklogMaxDelayMs = 3_600_000,
        SendWhenIdle = false,
        MaxInFlightBatches = 1,
        Gzip = false,
        InitialBackoffMs = 100,
        MaxBackoffMs = 1000,
    };
}
