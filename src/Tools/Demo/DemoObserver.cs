using StreamAe.Contracts;

namespace StreamAe.Tools.Demo;

/// <summary>What the demo shows while it runs and sums up at the end: decisions against the replay's labels.</summary>
internal sealed class DemoObserver
{
    private readonly Lock _gate = new();
    private readonly Queue<AlertEvent> _recentAlerts = new();
    private readonly List<double> _scores = [];
    private readonly List<bool> _labels = [];
    private long _windows, _anomalies, _truePositives, _falsePositives, _falseNegatives, _trueNegatives, _opened, _closed;

    public void Observe(ScoredWindow scored, AlertEvent? alert)
    {
        lock (_gate)
        {
            _windows++;
            if (scored.Anomaly)
            {
                _anomalies++;
            }
            if (scored.Window.Label is { } anomalous)
            {
                _scores.Add(scored.Score);
                _labels.Add(anomalous);
                _ = (scored.Anomaly, anomalous) switch
                {
                    (true, true) => _truePositives++,
                    (true, false) => _falsePositives++,
                    (false, true) => _falseNegatives++,
                    (false, false) => _trueNegatives++,
                };
            }
            if (alert != null)
            {
                _ = alert.State == AlertState.Open ? _opened++ : _closed++;
                _recentAlerts.Enqueue(alert);
                if (_recentAlerts.Count > 5)
                {
                    _recentAlerts.Dequeue();
                }
            }
        }
    }

    public DemoSnapshot Snapshot()
    {
        lock (_gate)
        {
            return new DemoSnapshot(_windows, _anomalies, _truePositives, _falsePositives, _falseNegatives, _trueNegatives,
                _opened, _closed, [.. _recentAlerts], [.. _scores], [.. _labels]);
        }
    }
}

internal sealed record DemoSnapshot(
    long Windows,
    long Anomalies,
    long TruePositives,
    long FalsePositives,
    long FalseNegatives,
    long TrueNegatives,
    long AlertsOpened,
    long AlertsClosed,
    IReadOnlyList<AlertEvent> RecentAlerts,
    double[] Scores,
    bool[] Labels)
{
    public double Precision => Ratio(TruePositives, TruePositives + FalsePositives);

    public double Recall => Ratio(TruePositives, TruePositives + FalseNegatives);

    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    public double Accuracy => Ratio(TruePositives + TrueNegatives, TruePositives + TrueNegatives + FalsePositives + FalseNegatives);

    private static double Ratio(long numerator, long denominator) => denominator == 0 ? double.NaN : (double)numerator / denominator;
}
