using StreamAe.Contracts;

namespace StreamAe.Detector.Decision.Alerts;

/// <summary>
/// Per-series alert state machine with hysteresis. Only series with a pending anomalous run or an open alert hold
/// state, so memory follows the number of anomalous series, not the number of series seen; at most
/// <see cref="AlertingOptions.MaxSeries"/> of them, and a series without a window for
/// <see cref="AlertingOptions.IdleTimeout"/> is forgotten (its open alert closed).
/// </summary>
public sealed partial class AlertTracker(AlertingOptions options, TimeProvider? clock = null)
{
    private readonly SeriesStateMap<SeriesState> _series = new(DecisionMetrics.AlertSeries, options.MaxSeries, options.IdleTimeout, clock);

    public int OpenAlerts { get; private set; }

    /// <summary>Series with a pending anomalous run or an open alert.</summary>
    public int SeriesCount => _series.Count;

    /// <summary>Feeds one scored window (in stream order for its series); returns the transition it causes, if any.</summary>
    public AlertEvent? Observe(ScoredWindow scored)
    {
        var window = scored.Window;
        if (!_series.TryGet(window.Series, out var state))
        {
            // At the limit a new anomalous series raises no alert (counted), rather than evicting one that may be open.
            if (!scored.Anomaly || !_series.TryAdd(window.Series, state = new SeriesState()))
            {
                return null;
            }
        }
        state.Model = scored.Model;
        state.LastEndMs = window.EndMs;

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
        return Close(window.Series, state);
    }

    /// <summary>Forgets the series idle for longer than <see cref="AlertingOptions.IdleTimeout"/>; returns the closing
    /// transitions of their open alerts, stamped with each series' last window; names each to <paramref name="evicted"/>.</summary>
    public IReadOnlyList<AlertEvent> EvictIdle(Action<string>? evicted = null)
    {
        List<AlertEvent>? closed = null;
        _series.EvictIdle((series, state) =>
        {
            evicted?.Invoke(series);
            if (state.Open)
            {
                (closed ??= []).Add(Close(series, state));
            }
        });
        return closed ?? [];
    }

    private AlertEvent Close(string series, SeriesState state)
    {
        OpenAlerts--;
        return new AlertEvent(series, state.Model, AlertState.Closed, state.LastEndMs, state.PeakScore, state.Windows,
            state.LastEndMs - state.RunStartMs);
    }

    private sealed class SeriesState
    {
        public bool Open;
        public int AnomalousRun;
        public int NormalRun;
        public long RunStartMs;
        public long LastEndMs;
        public double PeakScore;
        public int Windows;
        public string Model = "";
    }
}
