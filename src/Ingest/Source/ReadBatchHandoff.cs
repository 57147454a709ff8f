using System.Collections.Concurrent;

namespace StreamAe.Ingest.Source;

/// <summary>
/// The batches between the consume thread and the windowing worker: a fixed set, each either being filled (by the
/// consume thread), waiting, or being parsed (by the worker). With every batch waiting or in the worker the consume
/// thread has no room, which is the source's backpressure (it pauses its partitions after a while). The fixed set
/// bounds what is read and not yet windowed to (batches − 1) × <see cref="ReadBatch.MaxMessages"/> messages.
/// </summary>
internal sealed class ReadBatchHandoff : IDisposable
{
    private readonly BlockingCollection<ReadBatch> _waiting = new(new ConcurrentQueue<ReadBatch>());
    private readonly BlockingCollection<ReadBatch> _free = new(new ConcurrentQueue<ReadBatch>());
    private int _unprocessed;

    /// <param name="batches">How many batches circulate, the one being filled included (at least 2).</param>
    public ReadBatchHandoff(int batches)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batches, 2);
        for (var i = 1; i < batches; i++)
        {
            _free.Add(new ReadBatch());
        }
    }

    /// <summary>Whether batches were handed over that the worker has not finished.</summary>
    public bool HasUnprocessed => Volatile.Read(ref _unprocessed) > 0;

    /// <summary>Consume thread: hands <paramref name="filled"/> over and gets an empty batch in its place, waiting up
    /// to <paramref name="wait"/> for one; false (and <paramref name="filled"/> kept) when none came.</summary>
    public bool TryExchange(ref ReadBatch filled, TimeSpan wait, CancellationToken stop)
    {
        ReadBatch? empty;
        try
        {
            if (!_free.TryTake(out empty, (int)wait.TotalMilliseconds, stop))
            {
                return false;
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        Interlocked.Increment(ref _unprocessed);
        _waiting.Add(filled);
        filled = empty;
        return true;
    }

    /// <summary>Worker: the oldest batch handed over, waiting up to <paramref name="wait"/>; throws
    /// <see cref="OperationCanceledException"/> once <paramref name="stop"/> is cancelled.</summary>
    public bool TryTake(out ReadBatch? batch, TimeSpan wait, CancellationToken stop) =>
        _waiting.TryTake(out batch, (int)wait.TotalMilliseconds, stop);

    /// <summary>Worker: the batch is parsed; it goes back to the consume thread empty.</summary>
    public void Processed(ReadBatch batch)
    {
        batch.Clear();
        _free.Add(batch);
        Interlocked.Decrement(ref _unprocessed);
    }

    public void Dispose()
    {
        _waiting.Dispose();
        _free.Dispose();
    }
}
