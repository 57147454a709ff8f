namespace StreamAe.Detector.Tests;

/// <summary>A clock that moves only when the test says so; its timers fire, on the test's thread, as it moves past them.</summary>
internal sealed class ManualClock : TimeProvider
{
    private readonly List<ManualTimer> _timers = [];
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => _ticks;

    public void Advance(TimeSpan by)
    {
        _ticks += by.Ticks;
        foreach (var timer in _timers.ToList())
        {
            timer.FireDue(_ticks);
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(callback, state, _ticks + dueTime.Ticks, period, _timers.Remove);
        _timers.Add(timer);
        return timer;
    }

    private sealed class ManualTimer(TimerCallback callback, object? state, long dueTicks, TimeSpan period, Func<ManualTimer, bool> remove) : ITimer
    {
        public void FireDue(long now)
        {
            while (dueTicks <= now && period > TimeSpan.Zero)
            {
                dueTicks += period.Ticks;
                callback(state);
            }
        }

        public bool Change(TimeSpan dueTime, TimeSpan period) => throw new NotSupportedException();

        public void Dispose() => remove(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
