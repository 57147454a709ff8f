using System.Threading.Channels;
using StreamAe.Contracts;
using StreamAe.Detector.Batching;
using StreamAe.TestSupport.Time;

namespace StreamAe.Detector.Tests.Batching;

public sealed class MicroBatcherTests
{
    [Fact]
    public async Task Splits_by_size_keeps_order_and_flushes_the_rest_on_completion()
    {
        var input = Channel.CreateBounded<Window>(100);
        var output = Channel.CreateUnbounded<WindowBatch>();
        var batcher = new MicroBatcher(input.Reader, output.Writer, new BatchingOptions { MaxBatch = 4, MaxDelayMs = 60000 }, 4);
        var run = batcher.RunAsync(CancellationToken.None);
        for (var i = 0; i < 10; i++)
        {
            await input.Writer.WriteAsync(TestWindows.Make("s", i, fill: i));
        }
        input.Writer.Complete();
        await run;

        var batches = new List<WindowBatch>();
        await foreach (var batch in output.Reader.ReadAllAsync())
        {
            batches.Add(batch);
        }
        Assert.Equal([4, 4, 2], batches.Select(b => b.Count));
        var samples = batches.SelectMany(b => b.Samples.ToArray()).ToArray();
        Assert.Equal(Enumerable.Range(0, 10).SelectMany(i => Enumerable.Repeat((float)i, 4)), samples);
    }

    [Fact]
    public async Task Sends_a_partial_batch_after_the_delay()
    {
        var input = Channel.CreateBounded<Window>(100);
        var output = Channel.CreateUnbounded<WindowBatch>();
        var batcher = new MicroBatcher(input.Reader, output.Writer, new BatchingOptions { MaxBatch = 1000, MaxDelayMs = 30 }, 4);
        using var stop = new CancellationTokenSource();
        var run = batcher.RunAsync(stop.Token);
        await input.Writer.WriteAsync(TestWindows.Make("s", 1));
        await input.Writer.WriteAsync(TestWindows.Make("s", 2));

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var batch = await output.Reader.ReadAsync(timeout.Token);
        Assert.Equal(2, batch.Count);
        input.Writer.Complete();
        await run;
    }

    [Fact]
    public async Task A_partial_batch_goes_at_once_when_the_scorer_is_free_and_lingers_while_it_is_busy()
    {
        var input = Channel.CreateBounded<Window>(100);
        var output = Channel.CreateUnbounded<WindowBatch>();
        var time = new CountingFakeTime();
        var scorerBusy = true;
        var batcher = new MicroBatcher(input.Reader, output.Writer, new BatchingOptions { MaxBatch = 1000, MaxDelayMs = 60_000 }, 4,
            pendingBatches: () => Volatile.Read(ref scorerBusy) ? 1 : 0, time: time);
        await input.Writer.WriteAsync(TestWindows.Make("s", 1));
        await input.Writer.WriteAsync(TestWindows.Make("s", 2));
        var run = batcher.RunAsync(CancellationToken.None);
        // Once it holds both windows it either sends them or waits on a timer to look at the busy scorer again.
        await Eventually.Until(() => time.TimersCreated == 1 || output.Reader.Count > 0);
        Assert.False(output.Reader.TryRead(out _), "with the scorer busy the batch keeps filling");

        time.Advance(TimeSpan.FromSeconds(59));
        await Eventually.Until(() => time.TimersCreated == 2 || output.Reader.Count > 0);
        Assert.False(output.Reader.TryRead(out _), "59 s with the scorer busy: the batch keeps filling");

        Volatile.Write(ref scorerBusy, false);
        time.Advance(TimeSpan.FromMilliseconds(1)); // its next look at the scorer, far below the 60 s delay
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        Assert.Equal(2, (await output.Reader.ReadAsync(timeout.Token)).Count);
        await input.Writer.WriteAsync(TestWindows.Make("s", 3));
        Assert.Equal(1, (await output.Reader.ReadAsync(timeout.Token)).Count);
        input.Writer.Complete();
        await run;
    }

    [Fact]
    public async Task Under_backlog_the_batch_fills_to_its_maximum_although_the_scorer_is_free()
    {
        var input = Channel.CreateBounded<Window>(100);
        var output = Channel.CreateUnbounded<WindowBatch>();
        var batcher = new MicroBatcher(input.Reader, output.Writer,
            new BatchingOptions { MaxBatch = 8, MaxDelayMs = 60_000, BacklogMaxDelayMs = 60_000 }, 4, pendingBatches: () => 0);
        var run = batcher.RunAsync(CancellationToken.None);
        for (var i = 0; i < 16; i++)
        {
            await input.Writer.WriteAsync(Backlogged(TestWindows.Make("s", i)));
            await TakenBy(input); // one at a time: the batcher sees an empty input between windows
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        Assert.Equal(8, (await output.Reader.ReadAsync(timeout.Token)).Count);
        Assert.Equal(8, (await output.Reader.ReadAsync(timeout.Token)).Count);
        input.Writer.Complete();
        await run;
    }

    [Fact]
    public async Task A_live_window_after_a_backlog_sends_the_partial_batch_at_once()
    {
        var input = Channel.CreateBounded<Window>(100);
        var output = Channel.CreateUnbounded<WindowBatch>();
        var batcher = new MicroBatcher(input.Reader, output.Writer,
            new BatchingOptions { MaxBatch = 1000, MaxDelayMs = 60_000, BacklogMaxDelayMs = 60_000 }, 4, pendingBatches: () => 0);
        var run = batcher.RunAsync(CancellationToken.None);
        for (var i = 0; i < 5; i++)
        {
            await input.Writer.WriteAsync(Backlogged(TestWindows.Make("s", i)));
            await TakenBy(input);
        }
        await input.Writer.WriteAsync(TestWindows.Make("s", 5));

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10)); // far below the 60 s delays
        Assert.Equal(6, (await output.Reader.ReadAsync(timeout.Token)).Count);
        await input.Writer.WriteAsync(TestWindows.Make("s", 6));
        Assert.Equal(1, (await output.Reader.ReadAsync(timeout.Token)).Count);
        input.Writer.Complete();
        await run;
    }

    [Fact]
    public async Task Under_backlog_a_partial_batch_goes_after_the_backlog_delay()
    {
        var input = Channel.CreateBounded<Window>(100);
        var output = Channel.CreateUnbounded<WindowBatch>();
        var batcher = new MicroBatcher(input.Reader, output.Writer,
            new BatchingOptions { MaxBatch = 1000, MaxDelayMs = 60_000, BacklogMaxDelayMs = 50 }, 4, pendingBatches: () => 0);
        var run = batcher.RunAsync(CancellationToken.None);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await input.Writer.WriteAsync(Backlogged(TestWindows.Make("s", 1)));
        await input.Writer.WriteAsync(Backlogged(TestWindows.Make("s", 2)));

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        Assert.Equal(2, (await output.Reader.ReadAsync(timeout.Token)).Count);
        Assert.True(clock.ElapsedMilliseconds >= 45, $"went after {clock.ElapsedMilliseconds} ms, before the backlog delay");
        input.Writer.Complete();
        await run;
    }

    [Fact]
    public async Task Under_backlog_a_partial_batch_goes_as_soon_as_the_input_completes()
    {
        var input = Channel.CreateBounded<Window>(100);
        var output = Channel.CreateUnbounded<WindowBatch>();
        var batcher = new MicroBatcher(input.Reader, output.Writer,
            new BatchingOptions { MaxBatch = 1000, MaxDelayMs = 60_000, BacklogMaxDelayMs = 60_000 }, 4, pendingBatches: () => 0);
        var run = batcher.RunAsync(CancellationToken.None);
        for (var i = 0; i < 3; i++)
        {
            await input.Writer.WriteAsync(Backlogged(TestWindows.Make("s", i)));
        }
        await TakenBy(input);
        input.Writer.Complete();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10)); // far below the 60 s delays
        Assert.Equal(3, (await output.Reader.ReadAsync(timeout.Token)).Count);
        await run.WaitAsync(timeout.Token);
        Assert.True(output.Reader.Completion.IsCompleted);
    }

    private static Window Backlogged(Window window)
    {
        window.UnderBacklog = true;
        return window;
    }

    private static async Task TakenBy(Channel<Window> input)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (input.Reader.Count > 0)
        {
            await Task.Delay(1, timeout.Token);
        }
    }

    [Fact]
    public void Rejects_a_window_of_the_wrong_size_with_a_clear_message()
    {
        using var batch = new WindowBatch(4, 4);
        var error = Assert.Throws<ArgumentException>(() => batch.Add(TestWindows.Make("ecg-1", 1, length: 3)));
        Assert.Contains("ecg-1", error.Message);
    }

    [Fact]
    public async Task Windows_of_other_series_are_acknowledged_unscored_and_never_batched()
    {
        var input = Channel.CreateBounded<Window>(100);
        var output = Channel.CreateUnbounded<WindowBatch>();
        var batcher = new MicroBatcher(input.Reader, output.Writer, new BatchingOptions { MaxBatch = 8, MaxDelayMs = 5 }, 4,
            new SeriesFilter("^ecg-"));
        var run = batcher.RunAsync(CancellationToken.None);
        var skipped = new CountingToken();
        for (var i = 0; i < 6; i++)
        {
            await input.Writer.WriteAsync(TestWindows.Make(i % 2 == 0 ? "ecg-1" : "pump-1", i, delivery: skipped));
        }
        await input.Writer.WriteAsync(TestWindows.Make("pump-2", 9, delivery: skipped));
        input.Writer.Complete();
        await run;

        var series = new List<string>();
        await foreach (var batch in output.Reader.ReadAllAsync())
        {
            Assert.True(batch.Count > 0);
            series.AddRange(batch.Windows.Select(w => w.Series));
        }
        Assert.Equal(["ecg-1", "ecg-1", "ecg-1"], series);
        Assert.Equal(4, skipped.Count);
    }

    private sealed class CountingToken : IDeliveryToken
    {
        public int Count;

        public void Delivered() => Count++;
    }
}
