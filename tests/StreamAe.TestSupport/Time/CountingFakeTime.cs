using Microsoft.Extensions.Time.Testing;

namespace StreamAe.TestSupport.Time;

/// <summary>A fake clock that counts the timers made on it: code that waits on a timer has made it first, so a test
/// moves the clock only once the code under test is waiting, never before it (which would leave the timer unfired).</summary>
public sealed class CountingFakeTime : FakeTimeProvider
{
    private int _timers;

    public int TimersCreated => Volatile.Read(ref _timers);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        Interlocked.Increment(ref _timers);
        return timer;
    }
}
