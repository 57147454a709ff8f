using System.Threading.Channels;
using StreamAe.Contracts;
using StreamAe.Detector.Decision;
using StreamAe.Detector.Decision.State;
using StreamAe.Detector.Learning;
using StreamAe.Detector.Pipeline;
using StreamAe.Detector.Scoring;
using StreamAe.Sink;

namespace StreamAe.Detector.Delivery;

/// <summary>
/// Runs each scored window through the decision path (<see cref="DecisionStage"/>) in stream order and hands the
/// result to the sink, which acknowledges each window upstream once every output has it. With a state journal the
/// decisions go through it (it keeps them in the changelog and skips windows a restored state already decided). A
/// learning pipeline's learner sees every window and its verdict; its warm-up windows, which no model scored, are
/// acknowledged unwritten.
/// </summary>
public sealed class OutputStage(
    ChannelReader<ScoredBatch> input,
    ISink sink,
    DecisionStage decisions,
    EndToEndLatency latency,
    SeriesStateJournal? journal = null,
    StreamLearner? learner = null)
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
        foreach (var closed in journal?.EvictIdle() ?? decisions.EvictIdle())
        {
            CountAlert(closed);
            await sink.WriteAsync(closed, cancellationToken).ConfigureAwait(false);
        }
        var windows = scored.Batch.Windows;
        WindowAge.Record(windows, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), WindowAge.AtOutput);
        for (var i = 0; i < windows.Count; i++)
        {
            var window = windows[i];
            if (scored.Models.For(i) is not { } model)
            {
                learner?.Observe(window, null);
                window.Delivery?.Delivered(); // nothing is owed to the sinks for a window without a verdict
                continue;
            }
            // Reconstructions travel only with anomalous windows: they feed streamae_residual, written for those alone.
            ScoredWindow decided;
            AlertEvent? alert;
            if (journal is null)
            {
                (decided, alert) = decisions.Decide(window, scored.Scores[i], model, scored.Reconstruction(i));
            }
            else if (!journal.TryDecide(window, scored.Scores[i], model, scored.Reconstruction(i), out decided, out alert))
            {
                learner?.Observe(window, null);
                continue; // decided before a restart or move, and held by the sinks already
            }
            learner?.Observe(window, decided);
            if (decided.Anomaly)
            {
                DecisionMetrics.Anomalies.Add(1);
            }
            if (alert != null)
            {
                CountAlert(alert);
            }
            Decided?.Invoke(decided, alert);
            // Timed as the sinks acknowledge, before the journal's hold on the acknowledgement (not sink latency).
            await sink.WriteAsync(decided, alert, latency, cancellationToken).ConfigureAwait(false);
        }
    }

    private static void CountAlert(AlertEvent alert)
    {
        DecisionMetrics.Alerts.Add(1, new KeyValuePair<string, object?>("state", alert.State == AlertState.Open ? "open" : "closed"));
        DecisionMetrics.AdjustOpenAlerts(alert.State == AlertState.Open ? 1 : -1);
    }
}
