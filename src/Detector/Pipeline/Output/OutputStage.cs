using System.Threading.Channels;
using StreamAe.Contracts;
using StreamAe.Detector.Alerting;
using StreamAe.Detector.Ops;
using StreamAe.Detector.Pipeline.Scoring;
using StreamAe.Detector.Pipeline.Thresholding;
using StreamAe.Sink;

namespace StreamAe.Detector.Pipeline.Output;

/// <summary>
/// Turns scores into decisions (per-series threshold), alert transitions (per-series hysteresis) and sink writes, in
/// stream order. The sink acknowledges each window upstream once every output has it.
/// </summary>
public sealed class OutputStage(
    ChannelReader<ScoredBatch> input,
    ISink sink,
    SeriesThresholds thresholds,
    AlertTracker alerts,
    EndToEndLatency latency,
    int explainSamples = 0)
{
    /// <summary>Observes each decided window (the demo's live view and summary use it).</summary>
    public event Action<ScoredWindow, AlertEvent?>? Decided;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await foreach (var scored in input.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            using (scored)
            {
                await WriteAsync(scored, cancellationToken).ConfigureAwait(false);
            }
            if (!input.CanCount || input.Count == 0)
            {
                await sink.InputIdleAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        await sink.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task WriteAsync(ScoredBatch scored, CancellationToken cancellationToken)
    {
        // Idle series are swept as batches arrive: a silent stream keeps its state (and open alerts) until traffic resumes.
        thresholds.EvictIdle();
        foreach (var closed in alerts.EvictIdle())
        {
            CountAlert(closed);
            await sink.WriteAsync(closed, cancellationToken).ConfigureAwait(false);
        }
        var windows = scored.Batch.Windows;
        for (var i = 0; i < windows.Count; i++)
        {
            var window = windows[i];
            latency.Track(window);
            var score = scored.Scores[i];
            var (threshold, anomaly) = thresholds.Decide(window.Series, score, scored.ModelThreshold);
            // Reconstructions travel only with anomalous windows: they feed streamae_residual, written for those alone.
            var decided = new ScoredWindow(window, scored.Model, score, threshold, anomaly,
                anomaly && scored.Reconstructions != null ? scored.Reconstruction(i) : null);
            var alert = alerts.Observe(decided);
            if (alert is { State: AlertState.Open } && explainSamples > 0)
            {
                alert = alert with { Explanation = ResidualExplanation.Describe(decided, explainSamples) };
            }
            if (anomaly)
            {
                DetectorMetrics.Anomalies.Add(1);
            }
            if (alert != null)
            {
                CountAlert(alert);
            }
            Decided?.Invoke(decided, alert);
            await sink.WriteAsync(decided, alert, cancellationToken).ConfigureAwait(false);
        }
    }

    private static void CountAlert(AlertEvent alert)
    {
        DetectorMetrics.Alerts.Add(1, new KeyValuePair<string, object?>("state", alert.State == AlertState.Open ? "open" : "closed"));
        DetectorMetrics.AdjustOpenAlerts(alert.State == AlertState.Open ? 1 : -1);
    }
}
