using StreamAe.Detector.Configuration;
using StreamAe.Detector.Ops;

namespace StreamAe.Detector.Tests.Ops;

public sealed class NativeHeapTrimmerTests
{
    [Fact]
    public async Task Trims_once_every_interval_until_stopped()
    {
        var trims = 0;
        var options = new DetectorOptions();
        options.Scoring.NativeTrimIntervalMs = 20;
        using var trimmer = new NativeHeapTrimmer(options, () => Interlocked.Increment(ref trims));

        await trimmer.StartAsync(CancellationToken.None);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Volatile.Read(ref trims) < 3 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }
        await trimmer.StopAsync(CancellationToken.None);
        var atStop = Volatile.Read(ref trims);
        await Task.Delay(100);

        Assert.True(atStop >= 3, $"{atStop} trims in 10 s at a 20 ms interval");
        Assert.Equal(atStop, Volatile.Read(ref trims));
    }

    [Fact]
    public async Task An_interval_of_zero_never_trims()
    {
        var trims = 0;
        var options = new DetectorOptions();
        options.Scoring.NativeTrimIntervalMs = 0;
        using var trimmer = new NativeHeapTrimmer(options, () => Interlocked.Increment(ref trims));

        await trimmer.StartAsync(CancellationToken.None);
        await trimmer.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(0, trims);
    }
}
