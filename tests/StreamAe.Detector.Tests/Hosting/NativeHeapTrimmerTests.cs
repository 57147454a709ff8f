using StreamAe.Detector.Configuration;
using StreamAe.Detector.Hosting;
using StreamAe.TestSupport.Time;

namespace StreamAe.Detector.Tests.Hosting;

public sealed class NativeHeapTrimmerTests
{
    private int _trims;

    [Fact]
    public async Task Trims_once_every_interval_until_stopped()
    {
        var time = new CountingFakeTime();
        using var trimmer = CountingTrimmer(intervalMs: 20, time);

        await trimmer.StartAsync(CancellationToken.None);
        await Eventually.Until(() => time.TimersCreated == 1); // ExecuteAsync runs on its own thread
        for (var interval = 1; interval <= 3; interval++)
        {
            time.Advance(TimeSpan.FromMilliseconds(20));
            await Eventually.Until(() => Volatile.Read(ref _trims) >= interval);
        }
        await trimmer.StopAsync(CancellationToken.None); // returns once the trimming loop has ended
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(3, Volatile.Read(ref _trims));
    }

    [Fact]
    public async Task An_interval_of_zero_never_trims()
    {
        using var trimmer = CountingTrimmer(intervalMs: 0);

        await trimmer.StartAsync(CancellationToken.None);
        await trimmer.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(0, _trims);
    }

    private NativeHeapTrimmer CountingTrimmer(int intervalMs, TimeProvider? time = null)
    {
        var options = new DetectorOptions();
        options.Scoring.NativeTrimIntervalMs = intervalMs;
        return new NativeHeapTrimmer(options, () => Interlocked.Increment(ref _trims), time);
    }
}
