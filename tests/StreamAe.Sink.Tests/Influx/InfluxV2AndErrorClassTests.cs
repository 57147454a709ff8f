using System.Diagnostics;
using System.Text;
using StreamAe.Sink.Influx;
using StreamAe.Sink.Points;
using StreamAe.Sink.Tests.LineProtocol;
using StreamAe.Sink.Tests.Support;
using StreamAe.TestSupport.Time;

namespace StreamAe.Sink.Tests.Influx;

/// <summary>The v2 request format and each response class, against an in-process server speaking the v2 API.</summary>
public sealed class InfluxV2AndErrorClassTests
{
    [Fact]
    public async Task V2_writes_go_to_the_v2_endpoint_with_token_auth_and_gzip_bodies_from_1_KiB()
    {
        await using var server = new FakeInfluxServer(_ => FakeResponse.NoContent);
        var tokens = Tokens(12);
        await using (var output = new InfluxOutput(V2Options(server, batchSize: 10)))
        {
            await output.StartAsync(CancellationToken.None);
            await WriteWindowsAsync(output, tokens);
            await output.FlushAsync(CancellationToken.None);
            Assert.All(tokens, t => Assert.Equal(1, t.Count));
        }

        var writes = server.Writes.ToList();
        Assert.Equal(2, writes.Count); // 10 points, then 2
        Assert.All(writes, w =>
        {
            Assert.Equal("POST", w.Method);
            Assert.Equal("/api/v2/write", w.Path);
            Assert.Equal(new Dictionary<string, string> { ["org"] = "my org", ["bucket"] = "scores/x", ["precision"] = "us" }, w.Query);
            Assert.Equal("Token s3cr3t", w.Authorization);
            Assert.Equal(Encoding.UTF8.GetByteCount(w.Body) >= InfluxHttpApi.GzipMinBytes ? "gzip" : null, w.ContentEncoding);
        });
        // The 10-point body is over 1 KiB, the 2-point one under (the two writers may deliver them in either order).
        Assert.Equal([null, "gzip"], writes.Select(w => w.ContentEncoding).Order());
        var points = writes.SelectMany(w => LineProtocolParser.Parse(Encoding.UTF8.GetBytes(w.Body))).ToList();
        Assert.Equal(12, points.Count);
        Assert.All(points, p => Assert.Equal(StreamAeSchema.ScoreMeasurement, p.Measurement));
        Assert.Equal(Enumerable.Range(0, 12).Select(i => TestData.Scored("s", "m", i).Window.EndMs * 1000), points.Select(p => p.Timestamp).Order());
    }

    [Fact]
    public async Task Throttling_is_retried_after_the_servers_retry_after()
    {
        var times = new List<long>();
        await using var server = new FakeInfluxServer(r =>
        {
            lock (times)
            {
                times.Add(Stopwatch.GetTimestamp());
            }
            return r.Index == 0 ? new FakeResponse(429, "{\"code\":\"too many requests\"}", RetryAfter: "1") : FakeResponse.NoContent;
        });
        var tokens = Tokens(3);
        await using (var output = new InfluxOutput(V2Options(server, batchSize: 3)))
        {
            await WriteWindowsAsync(output, tokens);
            await output.FlushAsync(CancellationToken.None);
            Assert.Equal(1, output.Stats.Retries);
        }

        Assert.Equal(2, server.Writes.Count());
        Assert.All(tokens, t => Assert.Equal(1, t.Count));
        // The backoff is configured to 1 ms, so only Retry-After can explain a wait of (nearly) a second.
        Assert.True(Stopwatch.GetElapsedTime(times[0], times[1]) >= TimeSpan.FromMilliseconds(900));
    }

    [Fact]
    public async Task Too_large_batches_are_split_until_the_server_takes_them()
    {
        await using var server = new FakeInfluxServer(r => r.Body.Count(c => c == '\n') > 4 ? new FakeResponse(413) : FakeResponse.NoContent);
        var tokens = Tokens(19);
        await using (var output = new InfluxOutput(V2Options(server, batchSize: 19)))
        {
            await WriteWindowsAsync(output, tokens);
            await output.FlushAsync(CancellationToken.None);
            Assert.Equal(19, output.Stats.PointsWritten);
        }

        var accepted = server.Writes.Where(w => w.Body.Count(c => c == '\n') <= 4).ToList();
        Assert.Contains(server.Writes, w => w.Body.Count(c => c == '\n') > 4);
        var points = accepted.SelectMany(w => LineProtocolParser.Parse(Encoding.UTF8.GetBytes(w.Body))).ToList();
        Assert.Equal(19, points.Count);
        Assert.Equal(19, points.Select(p => p.Timestamp).Distinct().Count());
        Assert.All(tokens, t => Assert.Equal(1, t.Count));
    }

    [Fact]
    public async Task Partially_rejected_batches_count_the_dropped_points_and_acknowledge_the_rest()
    {
        await using var server = new FakeInfluxServer(_ => new FakeResponse(422,
            "{\"code\":\"unprocessable entity\",\"message\":\"failure writing points to database: partial write: field type conflict: input field \\\"score\\\" is type integer, already exists as type float dropped=2\"}"));
        var tokens = Tokens(10);
        await using (var output = new InfluxOutput(V2Options(server, batchSize: 10)))
        {
            await WriteWindowsAsync(output, tokens);
            await output.FlushAsync(CancellationToken.None);
            Assert.Equal(2, output.Stats.DroppedPoints);
            Assert.Equal(8, output.Stats.PointsWritten);
            Assert.Equal(0, output.Stats.Retries);
        }

        Assert.Single(server.Writes);
        Assert.All(tokens, t => Assert.Equal(1, t.Count));
    }

    [Fact]
    public async Task Server_errors_back_off_and_acknowledge_nothing_until_the_write_succeeds()
    {
        var tokens = Tokens(4);
        var ackedAtRequest = new List<int>();
        await using var server = new FakeInfluxServer(r =>
        {
            lock (ackedAtRequest)
            {
                ackedAtRequest.Add(tokens.Sum(t => t.Count));
            }
            return r.Index < 3 ? new FakeResponse(500, "{\"code\":\"internal error\"}") : FakeResponse.NoContent;
        });
        await using (var output = new InfluxOutput(V2Options(server, batchSize: 4)))
        {
            await WriteWindowsAsync(output, tokens);
            await output.FlushAsync(CancellationToken.None);
            Assert.Equal(3, output.Stats.Retries);
        }

        Assert.Equal([0, 0, 0, 0], ackedAtRequest);
        Assert.All(tokens, t => Assert.Equal(1, t.Count));
    }

    [Fact]
    public async Task Disposing_while_the_server_keeps_failing_gives_up_after_the_drain_time_and_acknowledges_nothing()
    {
        await using var server = new FakeInfluxServer(_ => new FakeResponse(500));
        var tokens = Tokens(6);
        var options = V2Options(server, batchSize: 4);
        options.DrainTimeoutMs = 300;
        var output = new InfluxOutput(options);
        await WriteWindowsAsync(output, tokens);

        await output.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));

        Assert.All(tokens, t => Assert.Equal(0, t.Count));
        Assert.True(output.Stats.Retries > 0);
    }

    [Theory]
    [InlineData(401, "rejected the credentials")]
    [InlineData(403, "denied access")]
    [InlineData(404, "has no bucket 'scores/x'")]
    public async Task Startup_fails_fast_with_a_clear_message_on_auth_or_missing_bucket(int status, string expected)
    {
        await using var server = new FakeInfluxServer(r => r.Path == "/ping" ? FakeResponse.NoContent : new FakeResponse(status, "{\"code\":\"x\",\"message\":\"nope\"}"));
        await using var output = new InfluxOutput(V2Options(server, batchSize: 10));

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => output.StartAsync(CancellationToken.None));

        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
        Assert.Contains("Sink:Influx:", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bucket_is_created_through_the_buckets_api_when_asked()
    {
        await using var server = new FakeInfluxServer(r => (r.Method, r.Path) switch
        {
            ("GET", "/api/v2/orgs") => new FakeResponse(200, "{\"orgs\":[{\"id\":\"0a1b\",\"name\":\"my org\"}]}"),
            ("GET", "/api/v2/buckets") => new FakeResponse(200, "{\"buckets\":[]}"),
            ("POST", "/api/v2/buckets") => new FakeResponse(201, "{\"id\":\"b1\"}"),
            _ => FakeResponse.NoContent,
        });
        var options = V2Options(server, batchSize: 10);
        options.CreateIfMissing = true;
        await using var output = new InfluxOutput(options);

        await output.StartAsync(CancellationToken.None);

        var create = Assert.Single(server.Requests, r => r.Method == "POST" && r.Path == "/api/v2/buckets");
        Assert.Contains("\"orgID\":\"0a1b\"", create.Body, StringComparison.Ordinal);
        Assert.Contains("\"name\":\"scores/x\"", create.Body, StringComparison.Ordinal);
        Assert.Equal("Token s3cr3t", create.Authorization);
    }

    private static RecordingToken[] Tokens(int count) => Enumerable.Range(0, count).Select(i => new RecordingToken(i)).ToArray();

    [Fact]
    public async Task An_idle_input_sends_at_once_with_a_writer_free_while_a_busy_writer_lets_the_batch_fill()
    {
        var release = new SemaphoreSlim(0);
        await using var server = new FakeInfluxServer(r =>
        {
            release.Wait(TimeSpan.FromSeconds(30)); // each write waits for the test
            return FakeResponse.NoContent;
        });
        var options = V2Options(server, batchSize: 1000);
        options.SendWhenIdle = true;
        options.MaxDelayMs = 60_000;
        options.MaxInFlightBatches = 1;
        var tokens = Tokens(6);
        var time = new CountingFakeTime(); // stands still: no batch reaches its 60 s delay
        await using var output = new InfluxOutput(options, writeResiduals: false, logger: null, handler: null, time);
        await WriteWindowsAsync(output, tokens[..2]); // more may be on its way: the points wait for the input to go idle
        await output.InputIdleAsync(CancellationToken.None);
        await WaitUntilAsync(() => server.Writes.Count() == 1); // the writer was free: no 60 s linger
        await WriteWindowsAsync(output, tokens[2..]);             // the writer is busy: these gather
        await output.InputIdleAsync(CancellationToken.None);
        release.Release(2);
        await WaitUntilAsync(() => tokens.All(t => t.Count == 1));
        // The first write holds both points: the first was not sent alone before the input went idle.
        Assert.Equal([2, 4], server.Writes.Select(w => LineProtocolParser.Parse(Encoding.UTF8.GetBytes(w.Body)).Count));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(20), "timed out");
            await Task.Delay(10);
        }
    }

    private static async Task WriteWindowsAsync(InfluxOutput output, RecordingToken[] tokens)
    {
        foreach (var token in tokens)
        {
            await output.WriteAsync(TestData.Scored("s", "m", token.Id), null, token, CancellationToken.None);
        }
    }

    private static InfluxOptions V2Options(FakeInfluxServer server, int batchSize) => new()
    {
        Url = server.Url,
        ApiVersion = InfluxApiVersion.V2,
        Org = "my org",
        Bucket = "scores/x",
        Token = "s3cr3t",
        Precision = TimestampPrecision.Microseconds,
        BatchSize = batchSize,
        MaxDelayMs = 10,
        SendWhenIdle = false, // batches cut by size alone, so each test knows its requests
        InitialBackoffMs = 1,
        MaxBackoffMs = 5,
        StartupTimeoutMs = 2000,
    };
}
