using StreamAe.Contracts;

namespace StreamAe.Ingest.Windowing;

/// <summary>What to do with a sample whose timestamp is older than the newest one seen for its series.</summary>
public enum OutOfOrderPolicy
{
    /// <summary>Keep arrival order (files: timestamps may repeat or step back; never sort).</summary>
    Accept,

    /// <summary>Drop the late sample and count it.</summary>
    Drop,

    /// <summary>Hold samples for <see cref="WindowerOptions.ReorderBoundMs"/> and release them in timestamp
    /// order; a sample older than that bound is dropped and counted.</summary>
    Reorder,
}

/// <summary>Where a series' windows start.</summary>
public enum WindowAlignment
{
    /// <summary>On a time grid where the sampling interval is known (<see cref="WindowerOptions.SampleIntervalMs"/>,
    /// or the <c>interval_ms</c> of <c>chunk</c> messages): one window starts at the first sample of every
    /// Hop × interval milliseconds, counted from the Unix epoch. Re-reading a series from an earlier offset (a
    /// restart after a crash) then rebuilds exactly the same windows. Series with no known interval count samples
    /// as <see cref="Arrival"/> does.</summary>
    Time,

    /// <summary>Every Hop samples, counted from the first sample of the series this process read.</summary>
    Arrival,
}

/// <summary>Options of <see cref="Windower"/> (configuration section <c>Pipelines:N:Window</c>).</summary>
public sealed class WindowerOptions : IValidatableOptions
{
    /// <summary>Samples per window (W).</summary>
    public int WindowLength { get; set; } = 140;

    /// <summary>Samples between window starts (H): H = W tumbling, H &lt; W sliding (1 = every sample),
    /// H &gt; W leaves the samples between windows out.</summary>
    public int Hop { get; set; } = 140;

    /// <summary>Values per sample (C).</summary>
    public int Channels { get; set; } = 1;

    public WindowAlignment Alignment { get; set; } = WindowAlignment.Time;

    /// <summary>Nominal sampling interval of every series; zero takes it from the messages that state it.</summary>
    public long SampleIntervalMs { get; set; }

    public OutOfOrderPolicy OutOfOrder { get; set; } = OutOfOrderPolicy.Drop;

    /// <summary>How long (event time) the <see cref="OutOfOrderPolicy.Reorder"/> policy waits for stragglers.</summary>
    public long ReorderBoundMs { get; set; } = 1_000;

    /// <summary>A jump forward in time larger than this restarts the series' window (0 = no limit).</summary>
    public long MaxGapMs { get; set; }

    /// <summary>Most series kept at once; beyond it the least recently updated series is evicted.</summary>
    public int MaxSeries { get; set; } = 100_000;

    /// <summary>A series without a sample for this long (wall clock) is evicted by
    /// <see cref="Windower.EvictIdle"/>; zero keeps idle series.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Returns one message per invalid setting, naming the key; empty when valid.</summary>
    public IEnumerable<string> Validate(string section)
    {
        var errors = new List<string>();
        if (WindowLength < 1)
        {
            errors.Add($"{section}:WindowLength must be at least 1 (got {WindowLength}).");
        }
        if (Hop < 1)
        {
            errors.Add($"{section}:Hop must be at least 1 (got {Hop}).");
        }
        if (Channels < 1)
        {
            errors.Add($"{section}:Channels must be at least 1 (got {Channels}).");
        }
        if (SampleIntervalMs < 0)
        {
            errors.Add($"{section}:SampleIntervalMs must not be negative (got {SampleIntervalMs}).");
        }
        if (ReorderBoundMs < 0)
        {
            errors.Add($"{section}:ReorderBoundMs must not be negative (got {ReorderBoundMs}).");
        }
        if (MaxGapMs < 0)
        {
            errors.Add($"{section}:MaxGapMs must not be negative (got {MaxGapMs}).");
        }
        if (MaxSeries < 1)
        {
            errors.Add($"{section}:MaxSeries must be at least 1 (got {MaxSeries}).");
        }
        if (IdleTimeout < TimeSpan.Zero)
        {
            errors.Add($"{section}:IdleTimeout must not be negative (got {IdleTimeout}).");
        }
        return errors;
    }
}
