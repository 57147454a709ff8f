using System.Collections.Concurrent;
using System.Threading.Channels;
using StreamAe.Contracts;
using StreamAe.Ingest.Commit;
using StreamAe.Ingest.Parsing;
using StreamAe.Ingest.Parsing.DeadLetter;
using StreamAe.Ingest.Windowing;

namespace StreamAe.Ingest.Source;

/// <summary>
/// The second thread of the Kafka source: parses the messages the consume thread read (batches from
/// <see cref="ReadBatchHandoff"/>), feeds the windower and writes the windows to the bounded window channel, waiting
/// while it is full. Refused messages go to the dead letters. So the consume thread only reads from the client, and
/// parsing runs beside it. It owns the parser and the windower; the consume thread tells it which partitions left.
/// </summary>
internal sealed class WindowingWorker
{
    private static readonly TimeSpan IdleWait = TimeSpan.FromMilliseconds(100);

    private readonly ReadBatchHandoff _handoff;
    private readonly OffsetTracker _tracker;
    private readonly ChannelWriter<Window> _output;
    private readonly IDeadLetterSink _deadLetters;
    private readonly DeadLetterCounts _deadLetterCounts;
    private readonly TimeSpan _housekeepingInterval;
    private readonly Windower _windower;
    private readonly MessageProcessor _processor;
    private readonly Queue<Window> _pending = new();
    private readonly ConcurrentQueue<int> _leftSlots = new();
    private Thread? _thread;
    private Exception? _fault;
    private long _countedSamples;
    private long _unmarkedRead = SourcePosition.None; // the last message parsed, not yet marked in the tracker
    private ReadMessage _handled; // the message being parsed: the windows it completes come from there
    private int _checkedSlot = -1;
    private bool _checkedSlotAssigned;

    public WindowingWorker(FormatOptions format, WindowerOptions windowing, ReadBatchHandoff handoff, OffsetTracker tracker,
        ChannelWriter<Window> output, IDeadLetterSink deadLetters, DeadLetterCounts deadLetterCounts,
        TimeSpan housekeepingInterval)
    {
        _handoff = handoff;
        _tracker = tracker;
        _output = output;
        _deadLetters = deadLetters;
        _deadLetterCounts = deadLetterCounts;
        _housekeepingInterval = housekeepingInterval;
        _windower = new Windower(windowing, Enqueue, tracker);
        _processor = new MessageProcessor(format, _windower);
    }

    /// <summary>Windowing counts; read them after <see cref="Join"/> (the worker owns them).</summary>
    public WindowerStats Stats => _windower.Stats;

    /// <summary>What ended the worker when it failed (a bug, not bad input: that goes to the dead letters).</summary>
    public Exception? Fault => Volatile.Read(ref _fault);

    public void Start(CancellationToken stop)
    {
        _thread = new Thread(() => Run(stop)) { IsBackground = true, Name = "streamae-windowing" };
        _thread.Start();
    }

    /// <summary>Waits for the worker to end (after <c>stop</c> is cancelled, or once it failed).</summary>
    public void Join() => _thread?.Join();

    /// <summary>Consume thread: a partition left the assignment (its slot is retired in the tracker already). Its
    /// messages still waiting are skipped, and its series are forgotten before the worker parses another batch.</summary>
    public void PartitionLeft(int slot) => _leftSlots.Enqueue(slot);

    private void Run(CancellationToken stop)
    {
        try
        {
            var nextHousekeeping = Environment.TickCount64 + (long)_housekeepingInterval.TotalMilliseconds;
            while (!stop.IsCancellationRequested)
            {
                var got = _handoff.TryTake(out var batch, IdleWait, stop);
                ForgetLeftPartitions();
                _windower.ClockMs = Environment.TickCount64;
                if (got)
                {
                    Parse(batch!);
                    _handoff.Processed(batch!);
                    WritePending(stop);
                }
                if (_windower.ClockMs >= nextHousekeeping)
                {
                    _windower.EvictIdle();
                    nextHousekeeping = _windower.ClockMs + (long)_housekeepingInterval.TotalMilliseconds;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // stopping: what is not windowed yet is not committed either, and is read again
        }
        catch (Exception e)
        {
            Volatile.Write(ref _fault, e); // the consume thread stops and fails the source with it
        }
    }

    private void Parse(ReadBatch batch)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            var message = batch[i];
            if (!StillAssigned(message.Slot))
            {
                continue; // its next owner reads it
            }
            _handled = message;
            var position = SourcePosition.Pack(message.Slot, message.Offset);
            var key = batch.Key(message);
            var value = batch.Value(message);
            // No hold while parsing: nothing past the last offset marked read is ever committable, and the windower
            // holds what it keeps. Only a dead letter, written later, holds its offset until it is written.
            if (!_processor.TryProcess(key, value, position, out var failure))
            {
                _tracker.Hold(position);
                _deadLetterCounts.Increment(failure.Reason);
                // Copied: the batch is refilled once parsed.
                var keyBytes = message.KeyLength == ReadMessage.NoKey ? null : key.ToArray();
                _deadLetters.Send(new DeadLetterMessage(message.Topic, message.Partition, message.Offset, keyBytes,
                    value.ToArray(), failure.Reason, failure.Detail), () => _tracker.Release(position));
            }
            MarkRead(position);
        }
        FlushReadMark();
        CountSamples();
    }

    /// <summary>Whether the slot is still assigned, asked once per run of messages of one partition (each question
    /// takes the tracker's lock). A partition revoked in the middle of a run costs a few windows at most, which the
    /// tracker then ignores.</summary>
    private bool StillAssigned(int slot)
    {
        if (slot != _checkedSlot)
        {
            _checkedSlot = slot;
            _checkedSlotAssigned = _tracker.IsAssigned(slot);
        }
        return _checkedSlotAssigned;
    }

    private void ForgetLeftPartitions()
    {
        while (_leftSlots.TryDequeue(out var slot))
        {
            _windower.DropPartition(slot);
            _checkedSlot = -1;
        }
    }

    /// <summary>Marks messages read a run a partition at a time (each mark takes two locks): until marked, nothing
    /// past the run's start is committable, which only errs on the safe side. Flushed at the end of every batch.</summary>
    private void MarkRead(long position)
    {
        if (_unmarkedRead != SourcePosition.None && SourcePosition.Partition(_unmarkedRead) != SourcePosition.Partition(position))
        {
            FlushReadMark();
        }
        _unmarkedRead = position;
    }

    private void FlushReadMark()
    {
        if (_unmarkedRead != SourcePosition.None)
        {
            _tracker.MarkRead(_unmarkedRead);
            _unmarkedRead = SourcePosition.None;
        }
    }

    private void CountSamples()
    {
        var samples = _processor.SamplesParsed;
        if (samples > _countedSamples)
        {
            WindowingMetrics.Samples.Add(samples - _countedSamples);
            _countedSamples = samples;
        }
    }

    /// <summary>Stamps a window the windower completed with where it was read from, and its delivery token: a hold
    /// on the positions it depends on until every sink has it.</summary>
    private void Enqueue(Window window, ReadOnlySpan<long> positions)
    {
        window.Delivery = positions.IsEmpty ? null : _tracker.CreateWindowToken(positions);
        window.UnderBacklog = _handled.UnderBacklog;
        window.SourceTopic = _handled.Topic;
        window.SourcePartition = _handled.Partition;
        window.SourceAssignment = _handled.Slot;
        _pending.Enqueue(window);
    }

    /// <summary>Writes the batch's windows to the channel, waiting while it is full.</summary>
    private void WritePending(CancellationToken stop)
    {
        var written = 0;
        while (_pending.TryPeek(out var window))
        {
            if (_output.TryWrite(window))
            {
                _pending.Dequeue();
                written++;
                continue;
            }
            CountWindows(written);
            written = 0;
            if (!_output.WaitToWriteAsync(stop).AsTask().GetAwaiter().GetResult())
            {
                throw new InvalidOperationException("The window channel was completed while the source was running.");
            }
        }
        CountWindows(written);
    }

    private static void CountWindows(int written)
    {
        if (written > 0)
        {
            WindowingMetrics.Windows.Add(written);
        }
    }
}
