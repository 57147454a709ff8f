using System.Diagnostics;
using System.Threading.Channels;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StreamAe.Contracts;
using StreamAe.Ingest.Commit;
using StreamAe.Ingest.Parsing;
using StreamAe.Ingest.Parsing.DeadLetter;
using StreamAe.Ingest.Windowing;
using KafkaConsumer = Confluent.Kafka.IConsumer<System.ReadOnlyMemory<byte>?, System.ReadOnlyMemory<byte>?>;

namespace StreamAe.Ingest.Source;

/// <summary>
/// Kafka topics → windows. One dedicated consume thread reads messages, parses them, feeds the windower and writes
/// the windows to a bounded channel; when the channel is full it pauses its partitions and resumes once there
/// is room again. Refused messages go to the dead letters. Offsets are stored only up to where every window is
/// acknowledged (<see cref="IDeliveryToken.Delivered"/>) and every dead letter written. The output channel is
/// completed when the source stops.
/// </summary>
public sealed class KafkaWindowSource : IDisposable
{
    private static readonly TimeSpan PollTimeout = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan BlockedWait = TimeSpan.FromMilliseconds(20);

    private readonly KafkaSourceOptions _options;
    private readonly ChannelWriter<Window> _output;
    private readonly IDeadLetterSink _deadLetters;
    private readonly ILogger _logger;
    private readonly OffsetTracker _tracker = new();
    private readonly PartitionBacklog _backlog;
    private readonly string? _singleTopic;
    private readonly Windower _windower;
    private readonly MessageProcessor _processor;
    private readonly Queue<Window> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly IDisposable _lagRegistration;
    private readonly RepeatedErrorLog _errors;
    private readonly IPartitionOwnership? _ownership;
    private KafkaConsumer? _consumer;
    private Thread? _thread;
    private bool _paused;
    private long _lag;
    private long _messages;
    private long _pauses;
    private int _assigned;
    private bool _readingBacklog; // the message being handled was read from a backlog
    private string? _lastTopic;
    private int _lastPartition = -1;
    private int _lastSlot;
    private long _uncountedMessages;
    private long _countedSamples;
    private long _unmarkedRead = SourcePosition.None; // the last message read, not yet marked in the tracker
    private string? _handledTopic; // of the message being handled: the windows it completes come from there
    private int _handledPartition = -1;
    private int _handledAssignment = -1;

    public KafkaWindowSource(KafkaSourceOptions options, FormatOptions format, WindowerOptions windowing,
        ChannelWriter<Window> output, IDeadLetterSink deadLetters, ILogger<KafkaWindowSource>? logger = null,
        IPartitionOwnership? ownership = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(deadLetters);
        options.ThrowIfInvalid("Kafka");
        if (options.Topics.Count == 0 || options.Topics.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("Kafka:Topics must name at least one topic, none empty.", nameof(options));
        }
        _options = options;
        _output = output;
        _deadLetters = deadLetters;
        _ownership = ownership;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _backlog = new PartitionBacklog(options.BacklogMessages);
        _singleTopic = options.SingleTopic;
        _windower = new Windower(windowing, Enqueue, _tracker);
        _processor = new MessageProcessor(format, _windower);
        _lagRegistration = SourceMetrics.RegisterLag(() => Interlocked.Read(ref _lag));
        _errors = new RepeatedErrorLog(_logger, "Kafka consumer", RepeatedErrorLog.DefaultInterval);
        Connection = new BrokerConnection(options.BootstrapServers);
    }

    /// <summary>Whether the consumer holds a broker connection (readiness).</summary>
    public BrokerConnection Connection { get; }

    /// <summary>Completes when the consume thread has closed the consumer (faults if it failed).</summary>
    public Task Completion => _completion.Task;

    /// <summary>Messages behind the high watermarks of the assigned partitions (refreshed every housekeeping interval).</summary>
    public long ConsumerLag => Interlocked.Read(ref _lag);

    public long MessagesConsumed => Interlocked.Read(ref _messages);

    public long Pauses => Interlocked.Read(ref _pauses);

    /// <summary>Partitions currently assigned to this member.</summary>
    public int AssignedPartitions => Volatile.Read(ref _assigned);

    public DeadLetterCounts DeadLetters { get; } = new();

    /// <summary>Windowing counts; read them after the source stopped (the consume thread owns them).</summary>
    public WindowerStats WindowerStats => _windower.Stats;

    /// <summary>Starts the consume thread.</summary>
    public void Start()
    {
        if (_thread is not null)
        {
            throw new InvalidOperationException("The source is already started.");
        }
        _logger.LogInformation("Kafka source starting: {Config}", _options.Describe());
        _thread = new Thread(Run) { IsBackground = true, Name = "streamae-kafka-consume" };
        _thread.Start();
    }

    /// <summary>Stops consuming, stores and commits what is acknowledged, closes the consumer (leaving the group).</summary>
    public Task StopAsync()
    {
        _stop.Cancel();
        return _thread is null ? Task.CompletedTask : Completion;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread?.Join();
        _lagRegistration.Dispose();
        _stop.Dispose();
    }

    private void Run()
    {
        try
        {
            using var consumer = BuildConsumer();
            _consumer = consumer;
            consumer.Subscribe(_options.Topics);
            ConsumeLoop(consumer);
            StoreAdvances(consumer);
            FlushMessageCount();
            consumer.Close(); // revokes (committing what is acknowledged) and leaves the group
            _output.TryComplete();
            _completion.TrySetResult();
        }
        catch (KafkaException e) when (e.Error.IsFatal)
        {
            // e.g. fenced: another consumer joined with this one's group.instance.id. One line; a trace would not help.
            _logger.LogCritical("Kafka consumer of {Group} stopped for good: {Reason}. If another daemon runs with the same Kafka:InstanceId, give each its own.",
                _options.GroupId, e.Error.Reason);
            _output.TryComplete(e);
            _completion.TrySetException(e);
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Kafka source failed");
            _output.TryComplete(e);
            _completion.TrySetException(e);
        }
    }

    private KafkaConsumer BuildConsumer()
    {
        var config = _options.BuildConsumerConfig();
        config.StatisticsIntervalMs ??= 1000; // the broker states in the statistics tell readiness a connection is back
        return new ConsumerBuilder<ReadOnlyMemory<byte>?, ReadOnlyMemory<byte>?>(config)
            .SetKeyDeserializer(new ReusedBufferDeserializer())
            .SetValueDeserializer(new ReusedBufferDeserializer())
            .SetPartitionsAssignedHandler((_, partitions) => OnAssigned(partitions))
            .SetPartitionsRevokedHandler((c, partitions) => OnRevoked(c, partitions))
            .SetPartitionsLostHandler((_, partitions) => OnLost(partitions))
            .SetErrorHandler((_, error) =>
            {
                Connection.OnError(error);
                _errors.Report(error.Code.ToString(), error.Reason, error.IsFatal ? LogLevel.Critical : LogLevel.Warning);
            })
            .SetStatisticsHandler((_, json) => Connection.OnStatistics(json))
            .SetLogHandler((_, log) => _logger.LogDebug("librdkafka {Facility}: {Message}", log.Facility, log.Message))
            .Build();
    }

    private void ConsumeLoop(KafkaConsumer consumer)
    {
        var stop = _stop.Token;
        var clock = Stopwatch.StartNew();
        var nextStore = _options.OffsetStoreInterval;
        var nextHousekeeping = _options.HousekeepingInterval;
        while (!stop.IsCancellationRequested)
        {
            if (!DrainPending())
            {
                WaitForRoom(consumer, stop);
            }
            _windower.ClockMs = Environment.TickCount64;
            if (TryConsume(consumer) is { Message: not null } result)
            {
                Handle(result);
            }
            else
            {
                FlushMessageCount(); // nothing more waiting: the count is exact
            }
            var now = clock.Elapsed;
            if (now >= nextStore)
            {
                FlushMessageCount();
                StoreAdvances(consumer);
                _backlog.Refresh(consumer, _tracker);
                nextStore = now + _options.OffsetStoreInterval;
            }
            if (now >= nextHousekeeping)
            {
                Housekeeping(consumer);
                nextHousekeeping = now + _options.HousekeepingInterval;
            }
        }
    }

    private ConsumeResult<ReadOnlyMemory<byte>?, ReadOnlyMemory<byte>?>? TryConsume(KafkaConsumer consumer)
    {
        try
        {
            return consumer.Consume(_paused ? TimeSpan.Zero : PollTimeout);
        }
        catch (ConsumeException e) when (!e.Error.IsFatal)
        {
            // e.g. a topic not there yet or not authorised: librdkafka retries, the loop goes on
            _errors.Report(e.Error.Code.ToString(), e.Error.Reason);
            return null;
        }
    }

    private void Handle(ConsumeResult<ReadOnlyMemory<byte>?, ReadOnlyMemory<byte>?> result)
    {
        var topic = result.Topic ?? _singleTopic!; // with one topic, Confluent.Kafka is not asked for its name
        if (!TryGetSlot(topic, result.Partition.Value, out var slot))
        {
            return; // a message of a partition revoked meanwhile: its next owner reads it
        }
        var offset = result.Offset.Value;
        var position = SourcePosition.Pack(slot, offset);
        if (!_backlog.Knows(slot))
        {
            _backlog.Refresh(_consumer!, _tracker); // the partition's first fetch is in: how far behind is it?
        }
        _readingBacklog = _backlog.Read(slot, offset);
        (_handledTopic, _handledPartition, _handledAssignment) = (topic, result.Partition.Value, slot);
        var key = result.Message.Key;
        var value = result.Message.Value ?? ReadOnlyMemory<byte>.Empty;
        // No hold while parsing: nothing past the last offset marked read is ever committable, and the windower holds
        // what it keeps. Only a dead letter, written later, holds its offset until it is written.
        if (!_processor.TryProcess(key.GetValueOrDefault().Span, value.Span, position, out var failure))
        {
            _tracker.Hold(position);
            DeadLetters.Increment(failure.Reason);
            // Copied: the key and value buffers are reused by the next message.
            _deadLetters.Send(new DeadLetterMessage(topic, result.Partition.Value, offset, key?.ToArray(), value.ToArray(),
                failure.Reason, failure.Detail), () => _tracker.Release(position));
        }
        MarkRead(position);
        CountMessage();
    }

    /// <summary>The slot of the partition, remembered from the previous message: messages come in runs a partition
    /// (a fetched message set each), and the tracker's lookup takes a lock and a new TopicPartition.</summary>
    private bool TryGetSlot(string topic, int partition, out int slot)
    {
        if (partition == _lastPartition && string.Equals(topic, _lastTopic, StringComparison.Ordinal))
        {
            slot = _lastSlot;
            return true;
        }
        if (!_tracker.TryGetSlot(new TopicPartition(topic, partition), out slot))
        {
            return false;
        }
        (_lastTopic, _lastPartition, _lastSlot) = (topic, partition, slot);
        return true;
    }

    /// <summary>Marks messages read a run a partition at a time (each mark takes two locks): until marked, nothing
    /// past the run's start is committable, which only errs on the safe side. Flushed before offsets are stored or
    /// committed.</summary>
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

    /// <summary>Messages, and the samples they held, are counted in the metrics in runs (each Add reaches every
    /// listener), the first at once.</summary>
    private void CountMessage()
    {
        if (++_uncountedMessages >= 256 || Interlocked.Read(ref _messages) == 0)
        {
            FlushMessageCount();
        }
    }

    private void FlushMessageCount()
    {
        if (_uncountedMessages > 0)
        {
            Interlocked.Add(ref _messages, _uncountedMessages);
            SourceMetrics.Messages.Add(_uncountedMessages);
            _uncountedMessages = 0;
            var samples = _processor.SamplesParsed;
            WindowingMetrics.Samples.Add(samples - _countedSamples);
            _countedSamples = samples;
        }
    }

    /// <summary>Stamps a window the windower completed with where it was read from, and its delivery token: a hold
    /// on the positions it depends on until every sink has it.</summary>
    private void Enqueue(Window window, ReadOnlySpan<long> positions)
    {
        window.Delivery = positions.IsEmpty ? null : _tracker.CreateWindowToken(positions);
        window.UnderBacklog = _readingBacklog;
        window.SourceTopic = _handledTopic;
        window.SourcePartition = _handledPartition;
        window.SourceAssignment = _handledAssignment;
        _pending.Enqueue(window);
    }

    /// <summary>Writes pending windows to the channel; false when it is full.</summary>
    private bool DrainPending()
    {
        var written = 0;
        while (_pending.TryPeek(out var window))
        {
            if (!_output.TryWrite(window))
            {
                CountWindows(written);
                return false;
            }
            _pending.Dequeue();
            written++;
        }
        CountWindows(written);
        if (_paused && _consumer is { } consumer)
        {
            consumer.Resume(consumer.Assignment);
            _paused = false;
            _logger.LogDebug("Window channel has room again: partitions resumed");
        }
        return true;
    }

    private static void CountWindows(int written)
    {
        if (written > 0)
        {
            WindowingMetrics.Windows.Add(written);
        }
    }

    /// <summary>
    /// Backpressure. A channel that stays full longer than <see cref="KafkaSourceOptions.PauseAfter"/> pauses every
    /// assigned partition (again each round, for partitions assigned since) until it has room; shorter stalls just
    /// wait, since each pause costs a re-fetch. The loop keeps polling meanwhile so that rebalances go on.
    /// </summary>
    private void WaitForRoom(KafkaConsumer consumer, CancellationToken stop)
    {
        if (!_paused)
        {
            if (WaitForRoom(_options.PauseAfter, stop))
            {
                return;
            }
            _paused = true;
            Interlocked.Increment(ref _pauses);
            SourceMetrics.Pauses.Add(1);
            _logger.LogDebug("Window channel full: pausing {Count} partitions", consumer.Assignment.Count);
        }
        consumer.Pause(consumer.Assignment);
        WaitForRoom(BlockedWait, stop);
    }

    private bool WaitForRoom(TimeSpan timeout, CancellationToken stop)
    {
        try
        {
            return _output.WaitToWriteAsync(stop).AsTask().Wait(timeout, stop);
        }
        catch (OperationCanceledException)
        {
            return false; // stopping: the loop condition ends it
        }
    }

    private void StoreAdvances(KafkaConsumer consumer)
    {
        FlushReadMark();
        foreach (var offset in _tracker.TakeAdvances())
        {
            try
            {
                consumer.StoreOffset(offset);
            }
            catch (KafkaException e) when (!e.Error.IsFatal)
            {
                // the partition left the assignment between the snapshot and the store: its new owner goes on
                _logger.LogDebug("Offset {Offset} not stored: {Reason}", offset, e.Error.Reason);
            }
        }
    }

    private void Housekeeping(KafkaConsumer consumer)
    {
        _windower.EvictIdle();
        long lag = 0;
        foreach (var partition in consumer.Assignment)
        {
            var watermarks = consumer.GetWatermarkOffsets(partition);
            var position = consumer.Position(partition);
            if (watermarks.High != Offset.Unset && position != Offset.Unset)
            {
                lag += Math.Max(0, watermarks.High.Value - position.Value);
            }
        }
        Interlocked.Exchange(ref _lag, lag);
    }

    private void OnAssigned(List<TopicPartition> partitions)
    {
        // A slot is new for every assignment of a partition: it numbers the assignment.
        var assigned = partitions.Select(partition => new AssignedPartition(partition, _tracker.Assign(partition))).ToList();
        Interlocked.Add(ref _assigned, partitions.Count);
        SourceMetrics.RebalancedPartitions.Add(partitions.Count, new KeyValuePair<string, object?>("kind", "assigned"));
        _logger.LogInformation("Partitions assigned: {Partitions}", string.Join(", ", partitions));
        _ownership?.Assigned(assigned);
    }

    /// <summary>Revoke (the partition moves to another member): give in-flight windows a moment to be
    /// acknowledged, commit what is, and forget the partition's buffers (the new owner re-reads them).</summary>
    private void OnRevoked(KafkaConsumer consumer, List<TopicPartitionOffset> partitions)
    {
        FlushReadMark();
        var revoked = partitions.Select(p => p.TopicPartition).ToList();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < _options.RevokeGracePeriod
               && partitions.Any(p => _tracker.OutstandingWindows(p.TopicPartition) > 0))
        {
            DrainPending();
            _ownership?.Revoking(revoked);
            Thread.Sleep(10);
        }
        var commits = new List<TopicPartitionOffset>();
        foreach (var partition in partitions)
        {
            var committable = _tracker.Committable(partition.TopicPartition);
            if (committable >= 0)
            {
                commits.Add(new TopicPartitionOffset(partition.TopicPartition, committable));
            }
        }
        if (commits.Count > 0)
        {
            try
            {
                consumer.Commit(commits);
            }
            catch (KafkaException e)
            {
                _logger.LogWarning("Commit on revoke failed ({Reason}); the new owner re-reads from the last commit", e.Error.Reason);
            }
        }
        Forget(revoked);
        _ownership?.Released(revoked);
        SourceMetrics.RebalancedPartitions.Add(partitions.Count, new KeyValuePair<string, object?>("kind", "revoked"));
        _logger.LogInformation("Partitions revoked: {Partitions}", string.Join(", ", commits));
    }

    /// <summary>Lost (the group moved on without us): nothing may be committed; drop the state.</summary>
    private void OnLost(List<TopicPartitionOffset> partitions)
    {
        var lost = partitions.Select(p => p.TopicPartition).ToList();
        Forget(lost);
        _ownership?.Released(lost);
        SourceMetrics.RebalancedPartitions.Add(partitions.Count, new KeyValuePair<string, object?>("kind", "lost"));
        _logger.LogWarning("Partitions lost: {Partitions}", string.Join(", ", partitions));
    }

    private void Forget(IEnumerable<TopicPartition> partitions)
    {
        FlushReadMark(); // before its partition may be retired: a mark for a retired slot is ignored
        _lastTopic = null; // the remembered slot may be one of these
        foreach (var partition in partitions)
        {
            if (_tracker.TryGetSlot(partition, out var slot))
            {
                Interlocked.Decrement(ref _assigned);
                _backlog.Forget(slot);
                _windower.DropPartition(slot);
                _tracker.Retire(partition);
            }
        }
    }
}
