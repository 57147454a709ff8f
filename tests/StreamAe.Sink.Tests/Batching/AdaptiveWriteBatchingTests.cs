using System.Diagnostics.Metrics;
using StreamAe.Contracts;
using StreamAe.Contracts.Telemetry;
using StreamAe.Sink.Batching;
using StreamAe.Sink.Influx;
using StreamAe.Sink.Telemetry;
using StreamAe.Sink.Tests.Support;

namespace StreamAe.Sink.Tests.Batching;

/// <summary>Runs alone: one test listens to the process-wide points-per-write histogram, which every InfluxDB v2
/// output of a test running beside it would record into (a write of 3 points from another class was seen).</summary>
[CollectionDefinition(nameof(AdaptiveWriteBatchingTests), DisableParallelization = true)]
public sealed class AdaptiveWriteBatchingCollection;

/// <summary>Live windows are written at once when a writer is free; windows cut under backlog fill the write.</summary>
[Collection(nameof(AdaptiveWriteBatchingTests))]
public sealed class AdaptiveWriteBatchingTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10); // far below the 60 s delay: only the rules send

    [Fact]
    public async Task A_live_window_is_written_at_once_when_the_input_goes_idle()
    {
        await using var server = new FakeInfluxServer(_ => FakeResponse.NoContent);
        await using var output = NewOutput(server);
        var delivered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        await output.WriteAsync(Scored(0, underBacklog: false), null, new RecordingToken(0, _ => delivered.TrySetResult()), CancellationToken.None);
        await output.InputIdleAsync(CancellationToken.None);

        await delivered.Task.WaitAsync(Patience);
        Assert.Equal([1], PointsPerWrite(server));
    }

    [Fact]
    public async Task Windows_cut_under_backlog_fill_the_write_and_a_live_window_sends_the_rest_at_once()
    {
        await using var server = new FakeInfluxServer(_ => FakeResponse.NoContent);
        await using var output = NewOutput(server);
        var tokens = Enumerable.Range(0, 25).Select(i => new RecordingToken(i)).ToArray();

        for (var i = 0; i < 25; i++)
        {
            await output.WriteAsync(Scored(i, underBacklog: true), null, tokens[i], CancellationToken.None);
            await output.InputIdleAsync(CancellationToken.None); // idle between windows: would send at once if live
        }
        await WaitUntil(() => tokens[19].Count == 1);
        Assert.All(tokens[20..25], token => Assert.Equal(0, token.Count));
        var last = new RecordingToken(25);
        await output.WriteAsync(Scored(25, underBacklog: false), null, last, CancellationToken.None);
        // The output stage says "idle" after each batch it finds nothing behind; the writer that just finished may
        // still count as busy at the first call.
        using (var timeout = new CancellationTokenSource(Patience))
        {
            while (last.Count == 0)
            {
                await output.InputIdleAsync(timeout.Token);
                await Task.Delay(5, timeout.Token);
            }
        }

        Assert.Equal([10, 10, 6], PointsPerWrite(server));
    }

    [Fact]
    public async Task Points_per_write_are_recorded_per_output_and_the_series_is_declared_before_any_write()
    {
        Instrument? pointsPerWrite = null;
        var recorded = new List<int>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == SinkMetrics.BatchPointsName)
            {
                pointsPerWrite = instrument;
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((_, points, tags, _) =>
        {
            if (tags.ToArray().Contains(new KeyValuePair<string, object?>("output", "influx_v2")))
            {
                lock (recorded)
                {
                    recorded.Add(points);
                }
            }
        });
        listener.Start();
        await using var server = new FakeInfluxServer(_ => FakeResponse.NoContent);
        await using (var output = NewOutput(server))
        {
            Assert.Contains(KnownSeries.Of(pointsPerWrite!), tags => tags.SequenceEqual([new KeyValuePair<string, object?>("output", "influx_v2")]));
            Assert.Empty(recorded);
            for (var i = 0; i < 12; i++)
            {
                await output.WriteAsync(Scored(i, underBacklog: true), null, null, CancellationToken.None);
            }
            await output.FlushAsync(CancellationToken.None);
        }
        lock (recorded)
        {
            Assert.Equal([10, 2], recorded);
        }
    }

    [Fact]
    public async Task Under_backlog_a_partial_write_goes_after_the_backlog_delay()
    {
        await using var server = new FakeInfluxServer(_ => FakeResponse.NoContent);
        await using var output = NewOutput(server, backlogMaxDelayMs: 100);
        var delivered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Let the batcher's timer go to sleep on an empty batch first: it once slept the 60 s MaxDelay from there and
        // missed the 100 ms backlog delay (seen only when a loaded machine started the timer before the writes).
        await Task.Delay(200);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await output.WriteAsync(Scored(0, underBacklog: true), null, new RecordingToken(0), CancellationToken.None);
        await output.WriteAsync(Scored(1, underBacklog: true), null, new RecordingToken(1, _ => delivered.TrySetResult()), CancellationToken.None);
        await output.InputIdleAsync(CancellationToken.None);

        await delivered.Task.WaitAsync(Patience);
        Assert.True(clock.ElapsedMilliseconds >= 90, $"written after {clock.ElapsedMilliseconds} ms, before the backlog delay");
        Assert.Equal([2], PointsPerWrite(server));
    }

    private static InfluxOutput NewOutput(FakeInfluxServer server, int backlogMaxDelayMs = 60_000) => new(new InfluxOptions
    {
        Url = server.Url,
        ApiVersion = InfluxApiVersion.V2,
        Bucket = "b",
        BatchSize = 10,
        MaxDelayMs = 60_000,
        BacklogMaxDelayMs = backlogMaxDelayMs,
        SendWhenIdle = true,
        MaxInFlightBatches = 1,
    });

    private static ScoredWindow Scored(int index, bool underBacklog)
    {
        var scored = TestData.Scored("s", "m", index);
        scored.Window.UnderBacklog = underBacklog;
        return scored;
    }

    private static int[] PointsPerWrite(FakeInfluxServer server) =>
        server.Writes.Select(w => w.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length).ToArray();

    private static async Task WaitUntil(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (!condition())
        {
            await Task.Delay(5, timeout.Token);
        }
    }
}
