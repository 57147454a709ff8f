using StreamAe.Contracts;

namespace StreamAe.Detector.Alerting;

/// <summary>
/// Per-series alert state machine with hysteresis. Only series with a pending anomalous run or an open alert hold
/// state, so memory follows the number of anomalous series, not the number of series seen.
/// </summary>
public sealed class AlertTracker(AlertingOptions options)
{
    private readonly Dictionary<string, SeriesState> _series = new(StringComparer.Ordinal);

    public int OpenAlerts { get; private set; }

    /// <summary>Feeds one scored window (in stream order for its series); returns the transition it causes, if any.</summary>
    public AlertEvent? Observe(ScoredWindow scored)
    {
        var window = scored.Window;
        if (!_series.TryGetValue(window.Series, out var state))
        {
            if (!scored.Anomaly)
            {
                return null;
            }
            state = new SeriesState();
            _series[window.Series] = state;
        }

        if (scored.Anomaly)
        {
            state.NormalRun = 0;
            if (state.AnomalousRun++ == 0 && !state.Open)
            {
                state.RunStartMs = window.StartMs;
                state.PeakScore = scored.Score;
                state.Windows = 0;
            }
            state.PeakScore = Math.Max(state.PeakScore, scored.Score);
            state.Windows++;
            if (!state.Open && state.AnomalousRun >= options.OpenAfter)
            {
                state.Open = true;
                OpenAlerts++;
                return new AlertEvent(window.Series, scored.Model, AlertState.Open, window.EndMs, state.PeakScore, state.Windows, null);
            }
            return null;
        }

        state.AnomalousRun = 0;
        if (!state.Open)
        {
            _series.Remove(window.Series);
            return null;
        }
        if (++state.NormalRun < options.CloseAfter)
        {
            return null;
        }
        _series.Remove(window.Series);
        OpenAlerts--;
        return new AlertEvent(window.Series, scored.Model, AlertState.Closed, window.EndMs, state.PeakScore, state.Windows,
            window.EndMs - state.RunStartMs);
    }

    private sealed class SeriesState
    {
        public bool Open;
        public int AnomalousRun;
        public int NormalRun;
        public long RunStartMs;
        public double PeakScore;
        public int Windows;
    }
}
