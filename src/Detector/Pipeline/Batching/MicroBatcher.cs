using System.Threading.Channels;
using StreamAe.Contracts;

namespace StreamAe.Detector.Pipeline.Batching;

/// <summary>
/// Gathers windows into batches of at most <see cref="BatchingOptions.MaxBatch"/>, sending a partial batch once its
/// first window has waited <see cref="BatchingOptions.MaxDelayMs"/>. Completes its output when its input completes,
/// after sending what it holds (so shutdown drains).
/// </summary>
public sealed class MicroBatcher(
    ChannelReader<Window> input,
    ChannelWriter<WindowBatch> output,
    BatchingOptions options,
    int windowSize,
    SeriesFilter? filter = null)
{
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
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                return;
            }
            var more = input.WaitToReadAsync(cancellationToken).AsTask();
            var first = await Task.WhenAny(more, Task.Delay(remaining, cancellationToken)).ConfigureAwait(false);
            if (first != more || !await more.ConfigureAwait(false))
            {
                return;
            }
        }
    }
}
