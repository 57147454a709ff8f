using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;
using StreamAe.Contracts;
using StreamAe.Detector.Batching;
using StreamAe.Detector.Pipeline;

namespace StreamAe.Detector.Tests.Pipeline;

public sealed class WindowAgeTests
{
    [Fact]
    public async Task The_batcher_records_the_age_of_each_window_it_takes_on_its_clock_and_not_of_another_pipelines()
    {
        // Ages unique to this test (other tests' pipelines record on the same process-wide instrument meanwhile).
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000));
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var ages = new ConcurrentBag<(double Seconds, string? Stage)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == WindowAge.Name)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            if (value is > 7_000 and < 7_100)
            {
                ages.Add((value, tags.Length == 1 ? tags[0].Value as string : null));
            }
        });
        listener.Start();

        var input = Channel.CreateBounded<Window>(10);
        var output = Channel.CreateUnbounded<WindowBatch>();
        var batcher = new MicroBatcher(input.Reader, output.Writer, new BatchingOptions { MaxBatch = 2, MaxDelayMs = 60_000 }, 4,
            new SeriesFilter("^pump-"), time: clock);
        var run = batcher.RunAsync(CancellationToken.None);
        await input.Writer.WriteAsync(TestWindows.Make("pump-1", now - 7_000_250));
        await input.Writer.WriteAsync(TestWindows.Make("fan-1", now - 7_000_750)); // another pipeline's
        await input.Writer.WriteAsync(TestWindows.Make("pump-2", now - 7_001_500));
        input.Writer.Complete();
        await run;

        Assert.Equal([(7_000.25, "batcher"), (7_001.5, "batcher")], ages.OrderBy(age => age.Seconds));
    }
}
