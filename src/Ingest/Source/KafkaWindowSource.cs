using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StreamAe.Contracts;
using StreamAe.Ingest.Commit;
using StreamAe.Ingest.Parsing;
using StreamAe.Ingest.Parsing.DeadLetter;
using StreamAe.Ingest.Windowing;
using KafkaConsumer = Confluent.Kafka.IConsumer<Confluent.Kafka.Ignore, Confluent.Kafka.Ignore>;

namespace StreamAe.Ingest.Source;

/// <summary>
/// Kafka topics → windows. One dedicated consume thread reads messages into batches (librdkafka's own batch read,
/// <see cref="ConsumerBatchReader"/>); a second, the
/// <see cref="WindowingWorker"/>, parses them, feeds the windower and writes the windows to a bounded channel. When
/// the worker has no room for another batch (the channel is full) the consume thread pauses its partitions and
/// resumes once there is room again. Refused messages go to the dead letters. Offsets are stored only up to where
/// every window is acknowledged (<see cref="IDeliveryToken.Delivered"/>) and every dead letter written. The output
/// channel is completed when the source stops.
/// </summary>
public sealed class KafkaWindowSource : IDisposable
{
    private static readonly TimeSpan PollTimeout = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan BlockedWait = TimeSpan.FromMilliseconds(20);
    private const int Batches = 4; // one being read, up to three waiting or being parsed

    private readonly KafkaSourceOptions _options;
    private readonly ChannelWriter<Window> _output;
    private readonly IDeadLetterSink _deadLetters;
    private readonly ILogger _logger;
    private readonly OffsetTracker _tracker = new();
    private readonly PartitionBacklog _backlog;
    private readonly string? _singleTopic;
    private readonly ReadBatchHandoff _handoff = new(Batches);
    private readonly WindowingWorker _worker;
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _workerStop = new();
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
    private ReadBatch _reading = new();
    private string? _lastTopic;
    private int _lastPartition = -1;
    private int _lastSlot;
    private long _uncountedMessages;

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
        _worker = new WindowingWorker(format, windowing, _handoff, _tracker, output, deadLetters, DeadLetters,
            options.HousekeepingInterval);
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

    /// <summary>Windowing counts; read them after the source stopped (the windowing thread owns them).</summary>
    public WindowerStats WindowerStats => _worker.Stats;

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
        HaltWorker();
        _lagRegistration.Dispose();
        _handoff.Dispose();
        _stop.Dispose();
        _workerStop.Dispose();
    }

    private void Run()
    {
        try
        {
            using var consumer = BuildConsumer();
            _consumer = consumer;
            consumer.Subscribe(_options.Topics);
            _worker.Start(_workerStop.Token);
            using (var reader = new ConsumerBatchReader(consumer, ReadBatch.MaxMessages))
            {
                ConsumeLoop(consumer, reader); // the reader is gone before the consumer closes
            }
            if (_worker.Fault is { } fault)
            {
                ExceptionDispatchInfo.Throw(fault);
            }
            StoreAdvances(consumer);
            FlushMessageCount();
            HandOverReading(TimeSpan.Zero, CancellationToken.None); // windowed while the revoke waits
            consumer.Close(); // revokes (committing what is acknowledged) and leaves the group
            HaltWorker();
            _output.TryComplete();
            _completion.TrySetResult();
        }
        catch (KafkaException e) when (e.Error.IsFatal)
        {
            // e.g. fenced: another consumer joined with this one's group.instance.id. One line; a trace would not help.
            _logger.LogCritical("Kafka consumer of {Group} stopped for good: {Reason}. If another daemon runs with the same Kafka:InstanceId, give each its own.",
                _options.GroupId, e.Error.Reason);
            HaltWorker();
            _output.TryComplete(e);
            _completion.TrySetException(e);
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Kafka source failed");
            HaltWorker();
            _output.TryComplete(e);
            _completion.TrySetException(e);
        }
    }

    /// <summary>Stops the windowing thread: what it has not windowed is not committed, and is read again.</summary>
    private void HaltWorker()
    {
        _workerStop.Cancel();
        _worker.Join();
    }

    private KafkaConsumer BuildConsumer()
    {
        var config = _options.BuildConsumerConfig();
        config.StatisticsIntervalMs ??= 1000; // the broker states in the statistics tell readiness a connection is back
        return new ConsumerBuilder<Ignore, Ignore>(config)
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

    private void ConsumeLoop(KafkaConsumer consumer, ConsumerBatchReader reader)
    {
        var stop = _stop.Token;
        var clock = Stopwatch.StartNew();
        var nextStore = _options.OffsetStoreInterval;
        var nextHousekeeping = _options.HousekeepingInterval;
        while (!stop.IsCancellationRequested && _worker.Fault is null)
        {
            if (!MakeRoom(consumer))
            {
                WaitForRoom(consumer, stop);
            }
            if (ReadWaiting(reader) == 0)
            {
                HandOverReading(BlockedWait, stop); // nothing more waiting: what was read is windowed now, not when the batch is full
            }
            FlushMessageCount();
            var now = clock.Elapsed;
            if (now >= nextStore)
            {
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

    /// <summary>Copies the messages librdkafka holds, up to the room left in the batch being read, into it; when none
    /// are waiting it waits up to <see cref="PollTimeout"/> for the next one, unless the partitions are paused or what
    /// was read waits to be handed over. Returns how many messages it read.</summary>
    private int ReadWaiting(ConsumerBatchReader reader)
    {
        var count = reader.Read(Math.Max(1, ReadBatch.MaxMessages - _reading.Count),
            _paused || _reading.Count > 0 ? TimeSpan.Zero : PollTimeout);
        for (var i = 0; i < count; i++)
        {
            Take(reader, in reader[i]);
        }
        reader.Release();
        return count;
    }

    private void Take(ConsumerBatchReader reader, in NativeMessage message)
    {
        if (message.Error != 0)
        {
            ReportError(reader.ErrorOf(message));
            return;
        }
        var topic = _singleTopic ?? reader.TopicOf(message);
        if (!TryGetSlot(topic, message.Partition, out var slot))
        {
            return; // a message of a partition revoked meanwhile: its next owner reads it
        }
        if (!_backlog.Knows(slot))
        {
            _backlog.Refresh(_consumer!, _tracker); // the partition's first fetch is in: how far behind is it?
        }
        var underBacklog = _backlog.Read(slot, message.Offset);
        _reading.Add(topic, message.Partition, slot, message.Offset, underBacklog, message.Key, message.HasKey, message.Value);
        _uncountedMessages++;
    }

    /// <summary>An error librdkafka delivers in place of a message: fatal ones end the source (as a fatal
    /// <see cref="KafkaException"/>), others (e.g. a topic not there yet or not authorised) are logged while librdkafka
    /// retries.</summary>
    private void ReportError(Error error)
    {
        if (error.IsFatal)
        {
            throw new KafkaException(error);
        }
        if (error.Code != ErrorCode.Local_PartitionEOF) // only with enable.partition.eof set in Kafka:Settings
        {
            _errors.Report(error.Code.ToString(), error.Reason);
        }
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

    /// <summary>Messages are counted in the metrics in runs (each Add reaches every listener).</summary>
    private void FlushMessageCount()
    {
        if (_uncountedMessages > 0)
        {
            Interlocked.Add(ref _messages, _uncountedMessages);
            SourceMetrics.Messages.Add(_uncountedMessages);
            _uncountedMessages = 0;
        }
    }

    /// <summary>Hands the batch being read over once it is full; false when the worker has no room for it.</summary>
    private bool MakeRoom(KafkaConsumer consumer)
    {
        if (_reading.IsFull && !_handoff.TryExchange(ref _reading, TimeSpan.Zero, CancellationToken.None))
        {
            return false;
        }
        if (_paused)
        {
            consumer.Resume(consumer.Assignment);
            _paused = false;
            _logger.LogDebug("Windowing has room again: partitions resumed");
        }
        return true;
    }

    /// <summary>
    /// Backpressure. A worker without room (its batches waiting, the window channel full) for longer than
    /// <see cref="KafkaSourceOptions.PauseAfter"/> pauses every assigned partition (again each round, for partitions
    /// assigned since) until it has room; shorter stalls just wait, since each pause costs a re-fetch. The loop keeps
    /// polling meanwhile so that rebalances go on.
    /// </summary>
    private void WaitForRoom(KafkaConsumer consumer, CancellationToken stop)
    {
        if (!_paused)
        {
            if (_handoff.TryExchange(ref _reading, _options.PauseAfter, stop))
            {
                return;
            }
            _paused = true;
            Interlocked.Increment(ref _pauses);
            SourceMetrics.Pauses.Add(1);
            _logger.LogDebug("Windowing has no room: pausing {Count} partitions", consumer.Assignment.Count);
        }
        consumer.Pause(consumer.Assignment);
        _handoff.TryExchange(ref _reading, BlockedWait, stop);
    }

    private void StoreAdvances(KafkaConsumer consumer)
    {
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

    /// <summary>Revoke (the partition moves to another member): give what was read a moment to be windowed and
    /// the windows to be acknowledged, commit what is, and forget the partition's buffers (the new owner re-reads
    /// them).</summary>
    private void OnRevoked(KafkaConsumer consumer, List<TopicPartitionOffset> partitions)
    {
        var revoked = partitions.Select(p => p.TopicPartition).ToList();
        var deadline = Stopwatch.StartNew();
        HandOverReading(TimeSpan.Zero, CancellationToken.None);
        while (deadline.Elapsed < _options.RevokeGracePeriod
               && (WorkerHasWork() || partitions.Any(p => _tracker.OutstandingWindows(p.TopicPartition) > 0)))
        {
            _ownership?.Revoking(revoked);
            Thread.Sleep(10);
            HandOverReading(TimeSpan.Zero, CancellationToken.None); // the worker may have room again
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

    /// <summary>Hands what was read so far to the worker, waiting up to <paramref name="wait"/> for room; false when
    /// nothing was read or it had to stay.</summary>
    private bool HandOverReading(TimeSpan wait, CancellationToken stop) =>
        _reading.Count > 0 && _handoff.TryExchange(ref _reading, wait, stop);

    /// <summary>Whether the running worker has read messages still to window (in its batches or in the one being read).</summary>
    private bool WorkerHasWork() =>
        !_workerStop.IsCancellationRequested && _worker.Fault is null && (_reading.Count > 0 || _handoff.HasUnprocessed);

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
        _lastTopic = null; // the remembered slot may be one of these
        foreach (var partition in partitions)
        {
            if (_tracker.TryGetSlot(partition, out var slot))
            {
                Interlocked.Decrement(ref _assigned);
                _backlog.Forget(slot);
                _tracker.Retire(partition);
                _worker.PartitionLeft(slot);
            }
        }
    }
}
