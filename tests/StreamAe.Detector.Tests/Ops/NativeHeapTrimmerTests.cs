using StreamAe.Detector.Configuration;
using StreamAe.Detector.Ops;

namespace StreamAe.Detector.Tests.Ops;

public sealed class NativeHeapTrimmerTests
{
    private int _trims;

    [Fact]
    public async Task Trims_once_every_interval_until_stopped()
    {
        using var trimmer = CountingTrimmer(intervalMs: 20);

        await trimmer.StartAsync(CancellationToken.None);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Volatile.Read(ref _trims) < 3 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }
        await trimmer.StopAsync(CancellationToken.None);
        var atStop = Volatile.Read(ref _trims);
        await Task.Delay(100);

        Assert.True(atStop >= 3, $"{atStop} trims in 10 s at a 20 ms interval");
        Assert.Equal(atStop, Volatile.Read(ref _trims));
    }

    [Fact]
    public async Task An_interval_of_zero_never_trims()
    {
        using var trimmer = CountingTrimmer(intervalMs: 0);

        await trimmer.StartAsync(CancellationToken.None);
        await trimmer.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(0, _trims);
    }

    private NativeHeapTrimmer CountingTrimmer(int intervalMs)
    {
        var options = new DetectorOptions();
        options.Scoring.NativeTrimIntervalMs = intervalMs;
        return new NativeHeapTrimmer(options, () => Interlocked.Increment(ref _trims));
    }
}
