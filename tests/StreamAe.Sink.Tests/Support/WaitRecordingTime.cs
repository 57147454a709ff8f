using Microsoft.Extensions.Time.Testing;

namespace StreamAe.Sink.Tests.Support;

/// <summary>
/// A fake clock that records every wait shorter than <c>threshold</c> (the retry waits: a test sets the batch delays
/// far longer) and signals when one begins, so a test moves the clock only once the code under test is waiting.
/// </summary>
internal sealed class WaitRecordingTime(TimeSpan threshold) : FakeTimeProvider
{
    private readonly List<TimeSpan> _waits = [];
    private readonly SemaphoreSlim _begun = new(0);
    private int _taken;

    /// <summary>The retry waits so far, in the order they began.</summary>
    public IReadOnlyList<TimeSpan> Waits
    {
        get
        {
            lock (_waits)
            {
                return [.. _waits];
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (dueTime < threshold)
        {
            lock (_waits)
            {
                _waits.Add(dueTime);
            }
            _begun.Release();
        }
        return timer;
    }

    /// <summary>Waits (in real time, bounded) for the next retry wait to begin; the clock stays where it is.</summary>
    public async Task<TimeSpan> NextWaitAsync()
    {
        Assert.True(await _begun.WaitAsync(TimeSpan.FromSeconds(20)), $"retry wait {_taken + 1} never began");
        return Waits[_taken++];
    }

    /// <summary>Waits for the next retry wait to begin, then moves the clock to its end.</summary>
    public async Task<TimeSpan> AdvancePastNextWaitAsync()
    {
        var wait = await NextWaitAsync();
        Advance(wait);
        return wait;
    }
}
