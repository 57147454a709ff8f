using Microsoft.Extensions.Time.Testing;

namespace StreamAe.Detector.Tests;

/// <summary>A fake clock that counts the timers made on it: code that waits on a timer has made it first, so a test
/// moves the clock only once the code under test is waiting, never before it (which would leave the timer unfired).</summary>
internal sealed class CountingFakeTime : FakeTimeProvider
{
    private int _timers;

    public int TimersCreated => Volatile.Read(ref _timers);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        Interlocked.Increment(ref _timers);
        return timer;
    }

    /// <summary>Waits, in real time, until the code under test has done something on its own threads.</summary>
    public static async Task Until(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(1, timeout.Token);
        }
    }
}
