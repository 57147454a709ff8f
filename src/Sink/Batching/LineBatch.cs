using StreamAe.Contracts;
using StreamAe.Sink.Points;

namespace StreamAe.Sink.Batching;

/// <summary>
/// Encoded points (one a line, in the output's format) waiting to be written, plus the delivery tokens to acknowledge
/// once they are. Records (the points of one write call) are kept apart so a batch can be split on record boundaries.
/// </summary>
internal sealed class LineBatch : IDisposable
{
    private readonly PooledByteBuffer _buffer;
    private readonly List<(int ByteEnd, int PointsEnd)> _records = [];
    private readonly List<IDeliveryToken> _acks = [];
    private long _reportedRejectedPoints;
    private long _reportedNonFiniteFields;
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _handedOver = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TimeProvider _time;

    public LineBatch(Func<PooledByteBuffer, IPointWriter> createWriter, int capacityHint, TimeProvider time)
    {
        _time = time;
        _buffer = new PooledByteBuffer(capacityHint);
        Writer = createWriter(_buffer);
    }

    public IPointWriter Writer { get; }

    public int Points => (int)Writer.PointsWritten;

    public int Records => _records.Count;

    public int Acks => _acks.Count;

    /// <summary>Records [0, RecordsDone) are written or definitively dropped: an attempt after a retry resumes here,
    /// so what a destination already has (the first half of a split batch) is not written twice.</summary>
    public int RecordsDone { get; set; }

    /// <summary>The points of the records not yet done.</summary>
    public int PointsLeft => RecordsDone == 0 ? Points : Points - _records[RecordsDone - 1].PointsEnd;

    /// <summary>When the first write attempt began (a <see cref="System.Diagnostics.Stopwatch"/> timestamp): a
    /// batch's write latency counts its retries.</summary>
    public long FirstSentAt { get; set; }

    public bool IsEmpty => _records.Count == 0 && _acks.Count == 0;

    /// <summary>When the first record arrived (a timestamp of the batcher's clock); the max-delay clock starts there.</summary>
    public long StartedAt { get; private set; }

    public ReadOnlyMemory<byte> Bytes => _buffer.WrittenMemory;

    /// <summary>Completes when the batch has been written (or abandoned at shutdown).</summary>
    public Task Done => _done.Task;

    /// <summary>The hand-over of the batch sealed just before this one: this one goes to the writers after it.</summary>
    public Task Predecessor { get; set; } = Task.CompletedTask;

    /// <summary>Completes once a writer has this batch or can take it (or it was given up).</summary>
    public Task HandedOver => _handedOver.Task;

    public void MarkHandedOver() => _handedOver.TrySetResult();

    public void EndRecord(IDeliveryToken? ack)
    {
        if (IsEmpty)
        {
            StartedAt = _time.GetTimestamp();
        }
        var last = _records.Count == 0 ? (0, 0) : _records[^1];
        if (_buffer.Length > last.Item1)
        {
            _records.Add((_buffer.Length, Points));
        }
        if (ack is not null)
        {
            _acks.Add(ack);
        }
    }

    /// <summary>The bytes and point count of records [from, to).</summary>
    public (ReadOnlyMemory<byte> Bytes, int Points) Slice(int fromRecord, int toRecord)
    {
        var (startByte, startPoints) = fromRecord == 0 ? (0, 0) : _records[fromRecord - 1];
        var (endByte, endPoints) = _records[toRecord - 1];
        return (_buffer.WrittenMemory[startByte..endByte], endPoints - startPoints);
    }

    /// <summary>Points taken back and non-finite fields left out since the last call.</summary>
    public (long Points, long Fields) TakeNewlyRejected()
    {
        var points = Writer.PointsRejected - _reportedRejectedPoints;
        var fields = Writer.NonFiniteFieldsRejected - _reportedNonFiniteFields;
        _reportedRejectedPoints = Writer.PointsRejected;
        _reportedNonFiniteFields = Writer.NonFiniteFieldsRejected;
        return (points, fields);
    }

    /// <summary>Acknowledges every token, even when one throws (the failures are rethrown together).</summary>
    public void Acknowledge()
    {
        List<Exception>? failures = null;
        foreach (var ack in _acks)
        {
            try
            {
                ack.Delivered();
            }
            catch (Exception e)
            {
                (failures ??= []).Add(e);
            }
        }
        if (failures is not null)
        {
            throw new AggregateException(failures);
        }
    }

    public void Dispose()
    {
        _done.TrySetResult();
        _buffer.Dispose();
    }
}
