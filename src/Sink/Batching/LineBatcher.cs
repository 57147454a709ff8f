using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using StreamAe.Contracts;
using StreamAe.Sink.JsonLines;
using StreamAe.Sink.LineProtocol;
using StreamAe.Sink.Points;
using StreamAe.Sink.Telemetry;

namespace StreamAe.Sink.Batching;

/// <summary>Sizes and timing of a <see cref="LineBatcher"/>.</summary>
internal sealed record LineBatcherSettings(
    int BatchSize,
    TimeSpan MaxDelay,
    int MaxInFlightBatches,
    TimestampPrecision Precision,
    TimeSpan DrainTimeout,
    TimeSpan InitialBackoff,
    TimeSpan MaxBackoff,
    bool SendWhenIdle = true,
    PointFormat Format = PointFormat.LineProtocol,
    TimeSpan? BacklogMaxDelay = null)
{
    /// <summary>How long the open batch may wait: longer while it fills under backlog.</summary>
    public TimeSpan Delay(bool underBacklog) => underBacklog ? BacklogMaxDelay ?? MaxDelay : MaxDelay;
}

/// <summary>
/// Encodes records into the open batch, seals it when it holds <c>BatchSize</c> points, when a writer is free and
/// either the input went idle or a writer just finished (<c>SendWhenIdle</c>: lingering then only adds latency, and
/// under load writers are busy, so batches still fill) unless its latest window was cut under backlog (more is
/// already on its way, so the batch fills: fewer, larger writes, which databases want), or when its first record is
/// <c>MaxDelay</c> old (<c>BacklogMaxDelay</c> while it fills under backlog), and hands
/// sealed batches to a fixed number of writers in the order they were sealed (bounded in flight: a writer waits for
/// a free slot; with one writer, output keeps the input's order). A batch's tokens are acknowledged only after its
/// write succeeded; a write that asks for a retry (or throws) is retried with backoff, so nothing is lost and nothing
/// acknowledged early. This is the output's one retry loop: the output classifies each attempt, the batcher waits.
/// </summary>
internal sealed class LineBatcher : IAsyncDisposable
{
    /// <summary>One attempt at the batch's records not yet written (from <see cref="LineBatch.RecordsDone"/>).</summary>
    public delegate Task<WriteResult> WriteBatch(LineBatch batch, CancellationToken ct);

    /// <summary>What the batcher reports for its output: writes that threw (retried), records it cannot encode.</summary>
    public static readonly OutputSeries Series = new([], ["error"], ["unencodable", "non_finite_field"]);

    private readonly LineBatcherSettings _settings;
    private readonly WriteBatch _write;
    private readonly OutputStats _stats;
    private readonly RetryPolicy _retry;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Channel<LineBatch> _sealed;
    private readonly ConcurrentDictionary<LineBatch, byte> _outstanding = new();
    private readonly CancellationTokenSource _stopTimer = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly Task[] _writers;
    private readonly Task _timer;
    private readonly Func<PooledByteBuffer, IPointWriter> _createWriter;
    private LineBatch _open;
    private Task _lastHandOver = Task.CompletedTask;
    private bool _disposed;
    private bool _openFillsUnderBacklog; // the open batch's latest window was cut under backlog
    private int _busyWriters;

    public LineBatcher(LineBatcherSettings settings, WriteBatch write, OutputStats stats, ILogger logger, TimeProvider time)
    {
        _settings = settings;
        _write = write;
        _stats = stats;
        _retry = new RetryPolicy(stats, logger, settings.InitialBackoff, settings.MaxBackoff);
        _logger = logger;
        _time = time;
        _createWriter = WriterFactory(settings.Format, settings.Precision);
        _open = NewBatch();
        _sealed = Channel.CreateBounded<LineBatch>(new BoundedChannelOptions(settings.MaxInFlightBatches)
        {
            SingleReader = settings.MaxInFlightBatches == 1,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _writers = Enumerable.Range(0, settings.MaxInFlightBatches).Select(_ => Task.Run(WriterLoopAsync)).ToArray();
        _timer = Task.Run(TimerLoopAsync);
    }

    /// <summary>A window's points (score, its alert transition, residuals when enabled) as one record.</summary>
    public ValueTask AppendWindowAsync(ScoredWindow scored, AlertEvent? transition, bool residuals, IDeliveryToken? ack, CancellationToken ct) =>
        AppendAsync(
            (scored, transition, residuals),
            static (writer, s) => StreamAeSchema.WriteWindow(writer, s.scored, s.transition, s.residuals),
            ack,
            ct,
            scored.Window.UnderBacklog);

    public ValueTask AppendAlertAsync(AlertEvent alert, IDeliveryToken? ack, CancellationToken ct) =>
        AppendAsync(alert, static (writer, a) => StreamAeSchema.WriteAlert(writer, a), ack, ct);

    /// <summary>Encodes one record (any number of points) and registers its token with the open batch.</summary>
    /// <param name="underBacklog">Whether the record's window was cut under backlog; null (alerts) leaves it as it was.</param>
    public ValueTask AppendAsync<TState>(TState state, Action<IPointWriter, TState> encode, IDeliveryToken? ack, CancellationToken ct,
        bool? underBacklog = null)
    {
        LineBatch? full = null;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var batch = _open;
            encode(batch.Writer, state);
            batch.EndRecord(ack);
            _openFillsUnderBacklog = underBacklog ?? _openFillsUnderBacklog;
            CountRejected(batch);
            if (batch.Points >= _settings.BatchSize)
            {
                full = SealOpen();
            }
        }
        return full is null ? ValueTask.CompletedTask : EnqueueAsync(full, ct);
    }

    /// <summary>The input went idle: with <c>SendWhenIdle</c> and a writer free, the open batch goes now.</summary>
    public async ValueTask SendIfWriterIdleAsync(CancellationToken ct)
    {
        if (!_settings.SendWhenIdle || !WriterIdle())
        {
            return;
        }
        if (TakeOpenBatch(toWriter: false) is { } waiting)
        {
            await EnqueueAsync(waiting, ct).ConfigureAwait(false);
        }
    }

    public async ValueTask FlushAsync(CancellationToken ct)
    {
        LineBatch? open;
        lock (_gate)
        {
            open = _open.IsEmpty ? null : SealOpen();
        }
        if (open is not null)
        {
            await EnqueueAsync(open, ct).ConfigureAwait(false);
        }
        await Task.WhenAll(_outstanding.Keys.Select(b => b.Done)).WaitAsync(ct).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        LineBatch? open;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            open = _open.IsEmpty ? null : SealOpen();
        }
        await _stopTimer.CancelAsync().ConfigureAwait(false);
        using var drain = new CancellationTokenSource(_settings.DrainTimeout);
        try
        {
            // The timer may be handing over a due batch; let it finish (within the drain time).
            await _timer.WaitAsync(drain.Token).ConfigureAwait(false);
            if (open is not null)
            {
                await EnqueueAsync(open, drain.Token).ConfigureAwait(false);
            }
            _sealed.Writer.TryComplete();
            await Task.WhenAll(_writers).WaitAsync(drain.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _logger.LogWarning("Sink output {Output}: gave up draining after {Seconds} s; {Batches} batch(es) were not written and stay unacknowledged (they replay on restart).",
                _stats.Output, _settings.DrainTimeout.TotalSeconds, _outstanding.Count);
        }
        _sealed.Writer.TryComplete();
        await _abort.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_writers).ConfigureAwait(false);
        await _timer.ConfigureAwait(false);
        foreach (var batch in _outstanding.Keys)
        {
            batch.Dispose();
        }
        _open.Dispose();
        _stopTimer.Dispose();
        _abort.Dispose();
    }

    /// <summary>Seals the open batch (under <c>_gate</c>) and queues it behind the batch sealed before it.</summary>
    private LineBatch SealOpen()
    {
        var batch = _open;
        _open = NewBatch();
        _outstanding.TryAdd(batch, 0);
        batch.Predecessor = _lastHandOver;
        _lastHandOver = batch.HandedOver;
        return batch;
    }

    private bool WriterIdle() =>
        Volatile.Read(ref _busyWriters) + _sealed.Reader.Count < _settings.MaxInFlightBatches;

    /// <summary>Seals what gathered, for a writer that is free (just finished, or idle when the input went idle)
    /// instead of leaving it to the timer, unless it fills under backlog; <paramref name="toWriter"/>: the calling writer takes it itself. Nothing
    /// while batches sealed earlier are still on their way to the writers: they go first.</summary>
    private LineBatch? TakeOpenBatch(bool toWriter)
    {
        lock (_gate)
        {
            if (_disposed || _open.IsEmpty || _openFillsUnderBacklog || !_lastHandOver.IsCompleted || _sealed.Reader.Count > 0)
            {
                return null;
            }
            var batch = SealOpen();
            if (toWriter)
            {
                batch.MarkHandedOver();
            }
            return batch;
        }
    }

    private LineBatch NewBatch() => new(_createWriter, Math.Min(_settings.BatchSize, 20_000) * 96, _time);

    /// <summary>
    /// Makes each batch's writer. Line protocol writers share one prefix cache: batches come and go every few
    /// thousand points while the series stay, and batches are only encoded into under <c>_gate</c>.
    /// </summary>
    private static Func<PooledByteBuffer, IPointWriter> WriterFactory(PointFormat format, TimestampPrecision precision)
    {
        if (format == PointFormat.JsonLines)
        {
            return buffer => new JsonLinesWriter(buffer, precision);
        }
        var prefixes = new TagSetPrefixCache();
        return buffer => new LineProtocolWriter(buffer, precision, prefixes);
    }

    private void CountRejected(LineBatch batch)
    {
        var (points, fields) = batch.TakeNewlyRejected();
        _stats.OnDropped("unencodable", points);
        _stats.OnDropped("non_finite_field", fields);
    }

    /// <summary>Hands a sealed batch to the writers once the batch sealed before it was handed over: the appending
    /// thread, the timer and an idle input seal concurrently, and each hands over outside the lock.</summary>
    private async ValueTask EnqueueAsync(LineBatch batch, CancellationToken ct)
    {
        try
        {
            await batch.Predecessor.WaitAsync(ct).ConfigureAwait(false);
            await _sealed.Writer.WriteAsync(batch, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
        {
            // Never written, so never acknowledged: the source replays these windows.
            _outstanding.TryRemove(batch, out _);
            batch.Dispose();
            throw;
        }
        finally
        {
            batch.MarkHandedOver();
        }
    }

    private async Task TimerLoopAsync()
    {
        while (!_stopTimer.IsCancellationRequested)
        {
            LineBatch? due = null;
            // Never sleep past the shorter of the two delays: a batch opened (or turned backlogged) while the timer sleeps
            // must still be sealed on time. Sleeping MaxDelay from an empty batch let a backlogged one wait it out.
            var wait = _settings.Delay(underBacklog: true) < _settings.MaxDelay ? _settings.Delay(underBacklog: true) : _settings.MaxDelay;
            lock (_gate)
            {
                if (!_open.IsEmpty)
                {
                    var remaining = _settings.Delay(_openFillsUnderBacklog) - _time.GetElapsedTime(_open.StartedAt);
                    if (remaining <= TimeSpan.Zero)
                    {
                        due = SealOpen();
                    }
                    else if (remaining < wait)
                    {
                        wait = remaining;
                    }
                }
            }
            try
            {
                if (due is not null)
                {
                    // Not the timer's own token: a batch already sealed must reach the writers, also while disposing.
                    await EnqueueAsync(due, _abort.Token).ConfigureAwait(false);
                    continue;
                }
                await Task.Delay(wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait, _time, _stopTimer.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
            {
                return;
            }
        }
    }

    private async Task WriterLoopAsync()
    {
        try
        {
            await foreach (var batch in _sealed.Reader.ReadAllAsync(_abort.Token).ConfigureAwait(false))
            {
                Interlocked.Increment(ref _busyWriters);
                try
                {
                    for (var next = batch; next is not null; next = _settings.SendWhenIdle ? TakeOpenBatch(toWriter: true) : null)
                    {
                        await WriteUntilDoneAsync(next).ConfigureAwait(false);
                    }
                }
                finally
                {
                    Interlocked.Decrement(ref _busyWriters);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Aborted at the end of a drain: what is left stays unacknowledged.
        }
    }

    private async Task WriteUntilDoneAsync(LineBatch batch)
    {
        batch.FirstSentAt = Stopwatch.GetTimestamp();
        for (var attempt = 0; ; attempt++)
        {
            var (result, failure) = await TryWriteAsync(batch).ConfigureAwait(false);
            if (result.IsDone)
            {
                break;
            }
            // A cancelled wait (the drain ran out) ends the loop: the batch stays unacknowledged.
            await Task.Delay(_retry.OnFailed(result, attempt, batch.PointsLeft, failure), _time, _abort.Token).ConfigureAwait(false);
        }
        _stats.OnBatchSealed(batch.Points);
        // Acknowledging happens once, outside the retry: a failing token must never cause a second write or ack.
        try
        {
            batch.Acknowledge();
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Sink output {Output}: a delivery token failed while acknowledging a written batch.", _stats.Output);
        }
        _stats.OnAcknowledged(batch.Acks);
        _outstanding.TryRemove(batch, out _);
        batch.Dispose();
    }

    /// <summary>One attempt; an exception (other than the abort at the end of a drain) is a retry of class "error".</summary>
    private async Task<(WriteResult Result, Exception? Failure)> TryWriteAsync(LineBatch batch)
    {
        try
        {
            return (await _write(batch, _abort.Token).ConfigureAwait(false), null);
        }
        catch (Exception e) when (e is not OperationCanceledException || !_abort.IsCancellationRequested)
        {
            return (WriteResult.Retry("error", e.Message), e);
        }
    }
}
