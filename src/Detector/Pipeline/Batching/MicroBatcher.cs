using System.Threading.Channels;
using StreamAe.Contracts;

namespace StreamAe.Detector.Pipeline.Batching;

/// <summary>
/// Gathers windows into batches of at most <see cref="BatchingOptions.MaxBatch"/>. A partial batch is sent as soon
/// as no more windows are waiting and the scorer has nothing queued (<paramref name="pendingBatches"/> is zero):
/// lingering then would only add latency. While the scorer is still busy it keeps filling, up to
/// <see cref="BatchingOptions.MaxDelayMs"/> after its first window, so batches grow with the load. Completes its
/// output when its input completes, after sending what it holds (so shutdown drains).
/// </summary>
/// <param name="pendingBatches">Batches sent but not yet taken by the scorer; null: always linger up to the delay.</param>
public sealed class MicroBatcher(
    ChannelReader<Window> input,
    ChannelWriter<WindowBatch> output,
    BatchingOptions options,
    int windowSize,
    SeriesFilter? filter = null,
    Func<int>? pendingBatches = null)
{
    // How often a lingering batch looks again whether the scorer has caught up.
    private static readonly TimeSpan ScorerPoll = TimeSpan.FromMilliseconds(1);

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
        var deadline = DateTime.UtcNow.AddMilliseconds(options.MaxDelayMs);
        Task<bool>? more = null; // one wait for input at a time, kept across polls
        while (batch.Count < options.MaxBatch)
        {
            if (input.TryRead(out var window))
            {
                if (filter == null || filter.Accepts(window))
                {
                    batch.Add(window);
                }
                continue;
            }
            var scorerWaiting = pendingBatches?.Invoke() == 0;
            if (batch.Count > 0 && scorerWaiting)
            {
                return;
            }
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                return;
            }
            more ??= input.WaitToReadAsync(cancellationToken).AsTask();
            var wait = pendingBatches is null || batch.Count == 0 || remaining < ScorerPoll ? remaining : ScorerPoll;
            var first = await Task.WhenAny(more, Task.Delay(wait, cancellationToken)).ConfigureAwait(false);
            if (first == more)
            {
                if (!await more.ConfigureAwait(false))
                {
                    return; // input completed
                }
                more = null;
            }
        }
    }
}
