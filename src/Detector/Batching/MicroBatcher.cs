using System.Threading.Channels;
using StreamAe.Contracts;
using StreamAe.Detector.Pipeline;

namespace StreamAe.Detector.Batching;

/// <summary>
/// Gathers windows into batches of at most <see cref="BatchingOptions.MaxBatch"/>, adapting to the load:
/// <list type="bullet">
/// <item>live input: a partial batch is sent as soon as no more windows are waiting and the scorer has nothing
/// queued (<paramref name="pendingBatches"/> is zero), since lingering then would only add latency; while the scorer
/// is still busy it keeps filling, up to <see cref="BatchingOptions.MaxDelayMs"/> after its first window;</item>
/// <item>backlog (the latest window read is <see cref="Window.UnderBacklog"/>): more input is already waiting, so the
/// batch fills towards its maximum, up to <see cref="BatchingOptions.BacklogMaxDelayMs"/>; the per-call cost then
/// falls as the load rises. It looks for input every millisecond or so rather than being woken by each window (a
/// thread-pool wake-up a window cost more than the window's own handling). A live window read meanwhile ends the wait
/// as above.</item>
/// </list>
/// Completes its output when its input completes, after sending what it holds (so shutdown drains).
/// </summary>
/// <param name="pendingBatches">Batches sent but not yet taken by the scorer; null: always linger up to the delay.</param>
/// <param name="time">The clock of the delays and polls; null: the system's.</param>
public sealed class MicroBatcher(
    ChannelReader<Window> input,
    ChannelWriter<WindowBatch> output,
    BatchingOptions options,
    int windowSize,
    SeriesFilter? filter = null,
    Func<int>? pendingBatches = null,
    TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    // How often a lingering batch looks again whether the scorer has caught up.
    private static readonly TimeSpan ScorerPoll = TimeSpan.FromMilliseconds(1);

    // How often a batch filling from a backlog looks for more input: a few windows at least arrive meanwhile, and the
    // window channel (2 × MaxBatch) holds far more than a backlog delivers in that time.
    private static readonly TimeSpan BacklogPoll = TimeSpan.FromMilliseconds(1);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (await input.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var batch = new WindowBatch(options.MaxBatch, windowSize);
                await FillAsync(batch, cancellationToken).ConfigureAwait(false);
                if (batch.Count == 0)
                {
                    batch.Dispose(); // every window was another pipeline's
                    continue;
                }
                await output.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
            }
            output.TryComplete();
        }
        catch (Exception e)
        {
            output.TryComplete(e is OperationCanceledException ? null : e);
            throw;
        }
    }

    private async Task FillAsync(WindowBatch batch, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var underBacklog = false;
        Task<bool>? more = null; // one wait for input at a time, kept across polls
        Task? deadline = null; // one timer for the batch's delay, kept while the mode stays
        var deadlineUnderBacklog = false;
        while (batch.Count < options.MaxBatch)
        {
            if (input.TryRead(out var window))
            {
                underBacklog = window.UnderBacklog;
                if (filter == null || filter.Accepts(window))
                {
                    WindowAge.Record(window, _time.GetUtcNow().ToUnixTimeMilliseconds(), WindowAge.AtBatcher);
                    batch.Add(window);
                }
                continue;
            }
            var scorerWaiting = pendingBatches?.Invoke() == 0;
            if (batch.Count > 0 && scorerWaiting && !underBacklog)
            {
                return;
            }
            var remaining = TimeSpan.FromMilliseconds(underBacklog ? options.BacklogMaxDelayMs : options.MaxDelayMs)
                - _time.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
            {
                return;
            }
            if (underBacklog && more is null)
            {
                await Task.Delay(remaining < BacklogPoll ? remaining : BacklogPoll, _time, cancellationToken).ConfigureAwait(false);
                if (input.Completion.IsCompleted)
                {
                    return; // input completed and read to the end
                }
                continue;
            }
            more ??= input.WaitToReadAsync(cancellationToken).AsTask();
            Task timer;
            if (pendingBatches is not null && batch.Count > 0 && !underBacklog && remaining > ScorerPoll)
            {
                timer = Task.Delay(ScorerPoll, _time, cancellationToken);
            }
            else
            {
                if (deadline is null || deadlineUnderBacklog != underBacklog)
                {
                    deadline = Task.Delay(remaining, _time, cancellationToken);
                    deadlineUnderBacklog = underBacklog;
                }
                timer = deadline;
            }
            var first = await Task.WhenAny(more, timer).ConfigureAwait(false);
            if (first == more)
            {
                if (!await more.ConfigureAwait(false))
                {
                    return; // input completed
                }
                more = null;
            }
            else if (timer.IsCanceled)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
    }
}
