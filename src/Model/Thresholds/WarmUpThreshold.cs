namespace StreamAe.Model.Thresholds;

/// <summary>
/// Judges with a fallback threshold (the one fitted at training time) while it collects the first scores of a series,
/// then hands over to an adaptive rule built from them. Lets each series calibrate SPOT/DSPOT or a rolling window on its
/// own score distribution.
/// </summary>
public sealed class WarmUpThreshold : IStreamingThreshold
{
    private readonly IStreamingThreshold _fallback;
    private readonly StreamingThresholdFactory _build;
    private double[]? _buffer;
    private int _buffered;
    private IStreamingThreshold? _adaptive;

    /// <param name="fallback">judges while warming up</param>
    /// <param name="warmUpCount">how many scores to collect before building the adaptive rule</param>
    /// <param name="build">builds the adaptive rule from the collected scores</param>
    public WarmUpThreshold(IStreamingThreshold fallback, int warmUpCount, StreamingThresholdFactory build)
    {
        ArgumentNullException.ThrowIfNull(fallback);
        ArgumentNullException.ThrowIfNull(build);
        ArgumentOutOfRangeException.ThrowIfLessThan(warmUpCount, 1);
        _fallback = fallback;
        _build = build;
        _buffer = new double[warmUpCount];
    }

    public bool IsWarm => _adaptive is not null;

    public double Threshold => _adaptive?.Threshold ?? _fallback.Threshold;

    public bool Observe(double score)
    {
        if (_adaptive is not null)
        {
            return _adaptive.Observe(score);
        }
        var anomalous = _fallback.Observe(score);
        _buffer![_buffered++] = score;
        if (_buffered == _buffer.Length)
        {
            _adaptive = _build(_buffer);
            _buffer = null; // the calibration scores are not needed any more
        }
        return anomalous;
    }
}

/// <summary>Builds an adaptive threshold from calibration scores.</summary>
public delegate IStreamingThreshold StreamingThresholdFactory(ReadOnlySpan<double> calibration);
