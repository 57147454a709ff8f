using System.Globalization;
using Confluent.Kafka;
using StreamAe.Contracts;

namespace StreamAe.Ingest.Source;

/// <summary>Options of <see cref="KafkaWindowSource"/> (configuration section <c>Kafka</c>; each pipeline's copy,
/// <see cref="ForPipeline"/>, brings its own group and topics).</summary>
public sealed class KafkaSourceOptions : IValidatableOptions
{
    public string BootstrapServers { get; set; } = "localhost:9092";

    public string GroupId { get; set; } = "streamae";

    public IList<string> Topics { get; set; } = [];

    public string ClientId { get; set; } = "streamae";

    /// <summary>A stable name of this daemon (e.g. its host or pod name) for static group membership: each pipeline's
    /// consumer joins as <c>group.instance.id</c> = InstanceId-pipeline, so a restart within <see cref="SessionTimeoutMs"/>
    /// gets its partitions back without a rebalance. Unset: dynamic membership. Two running daemons must never share
    /// one: the broker fences the older, which then stops with a log line saying so.</summary>
    public string? InstanceId { get; set; }

    /// <summary>Where a new group starts: earliest or latest.</summary>
    public string AutoOffsetReset { get; set; } = "earliest";

    /// <summary>Longest a broker holds an empty fetch. Real brokers answer as soon as data arrives; the librdkafka
    /// mock cluster does not, so set 5–10 ms against it.</summary>
    public int FetchWaitMaxMs { get; set; } = 100;

    public int FetchMinBytes { get; set; } = 1;

    public int MaxPartitionFetchBytes { get; set; } = 1024 * 1024;

    /// <summary>Client-side prefetch buffer of the consumer (kB), librdkafka's <c>queued.max.messages.kbytes</c>.
    /// 16 MB rather than librdkafka's 64: seconds of data at a million samples/s, and a consumer that fell behind
    /// for a moment no longer grows the daemon's memory by up to 64 MB (10-minute soak: RSS +7.3 % → +2.3 %).</summary>
    public int QueuedMaxMessagesKbytes { get; set; } = 16 * 1024;

    /// <summary>How long librdkafka's fetcher waits before fetching again once the prefetch queue has reached its
    /// bound (<c>fetch.queue.backoff.ms</c>). librdkafka's own default is a whole second: a consumer draining a
    /// backlog empties a full queue well within that and then waits on the network (a 2 M-message drain spent three
    /// quarters of its time there). A few milliseconds keep the queue topped up at no measurable cost.</summary>
    public int FetchQueueBackoffMs { get; set; } = 10;

    /// <summary>How many messages a partition's prefetch aims to hold (librdkafka's <c>queued.min.messages</c>),
    /// within <see cref="QueuedMaxMessagesKbytes"/>.</summary>
    public int QueuedMinMessages { get; set; } = 100_000;

    /// <summary>Messages the assigned partitions together may be behind their high watermarks before windows count as
    /// cut under backlog: batches then fill towards their maximum instead of going out at once (see Batching and Sink).
    /// 8 000: under 0.5 s of a live stream of 20 000 messages a second; the last 8 000 messages of a backlog go out
    /// as live.</summary>
    public int BacklogMessages { get; set; } = 8_000;

    public int SessionTimeoutMs { get; set; } = 45_000;

    public int HeartbeatIntervalMs { get; set; } = 3_000;

    /// <summary>How often librdkafka commits the offsets the source stored.</summary>
    public int AutoCommitIntervalMs { get; set; } = 1_000;

    /// <summary>How often the consume thread stores offsets that acknowledgements moved forward.</summary>
    public TimeSpan OffsetStoreInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>On revoke, how long to wait for in-flight windows of the partition to be acknowledged before
    /// committing what is acknowledged (the rest is re-read by the new owner).</summary>
    public TimeSpan RevokeGracePeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long the window channel may stay full before the consumer pauses its partitions (shorter
    /// stalls only wait: every pause costs a re-fetch).</summary>
    public TimeSpan PauseAfter { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How often consumer lag is refreshed and idle series evicted.</summary>
    public TimeSpan HousekeepingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Any librdkafka setting (security.protocol, sasl.*, ssl.*, …), applied last so it wins. Values are
    /// never logged: see <see cref="RedactedSettings"/>.</summary>
    public IDictionary<string, string> Settings { get; set; } = new Dictionary<string, string>();

    /// <summary>The connection and consumer settings; the topics are checked where they are given
    /// (<c>Pipelines:N:Topics</c>, or the source's constructor), since the shared section has none.</summary>
    public IEnumerable<string> Validate(string section)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(BootstrapServers) && !Settings.ContainsKey("bootstrap.servers"))
        {
            errors.Add($"{section}:BootstrapServers must be set.");
        }
        if (string.IsNullOrWhiteSpace(GroupId))
        {
            errors.Add($"{section}:GroupId must be set.");
        }
        if (InstanceId is not null && string.IsNullOrWhiteSpace(InstanceId))
        {
            errors.Add($"{section}:InstanceId must not be empty (leave it unset for dynamic membership).");
        }
        if (AutoOffsetReset is not ("earliest" or "latest"))
        {
            errors.Add($"{section}:AutoOffsetReset must be earliest or latest (got '{AutoOffsetReset}').");
        }
        foreach (var (key, value) in new[]
                 {
                     (nameof(FetchWaitMaxMs), FetchWaitMaxMs), (nameof(FetchMinBytes), FetchMinBytes),
                     (nameof(MaxPartitionFetchBytes), MaxPartitionFetchBytes),
                     (nameof(QueuedMaxMessagesKbytes), QueuedMaxMessagesKbytes),
                     (nameof(QueuedMinMessages), QueuedMinMessages), (nameof(BacklogMessages), BacklogMessages),
                     (nameof(SessionTimeoutMs), SessionTimeoutMs), (nameof(HeartbeatIntervalMs), HeartbeatIntervalMs),
                     (nameof(AutoCommitIntervalMs), AutoCommitIntervalMs),
                 })
        {
            if (value < 1)
            {
                errors.Add($"{section}:{key} must be positive (got {value}).");
            }
        }
        if (FetchQueueBackoffMs < 0)
        {
            errors.Add($"{section}:FetchQueueBackoffMs must not be negative (got {FetchQueueBackoffMs}).");
        }
        if (OffsetStoreInterval <= TimeSpan.Zero || HousekeepingInterval <= TimeSpan.Zero)
        {
            errors.Add($"{section}:OffsetStoreInterval and {section}:HousekeepingInterval must be positive.");
        }
        if (RevokeGracePeriod < TimeSpan.Zero || PauseAfter < TimeSpan.Zero)
        {
            errors.Add($"{section}:RevokeGracePeriod and {section}:PauseAfter must not be negative.");
        }
        return errors;
    }

    /// <summary>
    /// The consumer configuration. Offsets: <c>enable.auto.commit=true</c> with <c>enable.auto.offset.store=false</c>:
    /// librdkafka commits in the background, but only offsets the source stored explicitly, and it stores only
    /// offsets behind which every window is acknowledged. That keeps commits off the hot path (no synchronous
    /// commit per batch) while never committing past undelivered data; on revoke and on close the source commits
    /// explicitly so the next owner starts exactly there.
    /// </summary>
    public ConsumerConfig BuildConsumerConfig()
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = BootstrapServers,
            GroupId = GroupId,
            ClientId = ClientId,
            AutoOffsetReset = AutoOffsetReset == "latest" ? Confluent.Kafka.AutoOffsetReset.Latest : Confluent.Kafka.AutoOffsetReset.Earliest,
            EnableAutoCommit = true,
            EnableAutoOffsetStore = false,
            AutoCommitIntervalMs = AutoCommitIntervalMs,
            PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky,
            FetchWaitMaxMs = FetchWaitMaxMs,
            FetchMinBytes = FetchMinBytes,
            MaxPartitionFetchBytes = MaxPartitionFetchBytes,
            QueuedMaxMessagesKbytes = QueuedMaxMessagesKbytes,
            QueuedMinMessages = QueuedMinMessages,
            FetchQueueBackoffMs = FetchQueueBackoffMs,
            SessionTimeoutMs = SessionTimeoutMs,
            GroupInstanceId = InstanceId,
            HeartbeatIntervalMs = HeartbeatIntervalMs,
            EnablePartitionEof = false,
        };
        foreach (var (key, value) in Settings)
        {
            config.Set(key, value);
        }
        return config;
    }

    /// <summary>The topic when exactly one is named (not a <c>^</c> pattern): every message is from it.</summary>
    internal string? SingleTopic => Topics is [var only] && !only.StartsWith('^') ? only : null;

    /// <summary>These options for one pipeline: its own group and topics, every other setting shared.</summary>
    public KafkaSourceOptions ForPipeline(string groupId, IList<string> topics, string pipeline)
    {
        var copy = (KafkaSourceOptions)MemberwiseClone();
        copy.GroupId = groupId;
        copy.Topics = topics;
        copy.InstanceId = InstanceId is null ? null : $"{InstanceId}-{pipeline}";
        return copy;
    }

    /// <summary>The pass-through settings safe to log: values of keys naming a password, secret or key are masked.</summary>
    public IEnumerable<KeyValuePair<string, string>> RedactedSettings() =>
        Settings.Select(setting => new KeyValuePair<string, string>(setting.Key,
            IsSensitive(setting.Key) ? "***" : setting.Value));

    /// <summary>Settings shared by every client talking to the same cluster (e.g. a dead-letter producer).</summary>
    public IEnumerable<KeyValuePair<string, string>> ConnectionSettings()
    {
        yield return new("bootstrap.servers", BootstrapServers);
        yield return new("client.id", ClientId);
        foreach (var setting in Settings)
        {
            if (setting.Key.StartsWith("security.", StringComparison.Ordinal) || setting.Key.StartsWith("sasl.", StringComparison.Ordinal)
                || setting.Key.StartsWith("ssl.", StringComparison.Ordinal) || setting.Key == "bootstrap.servers")
            {
                yield return setting;
            }
        }
    }

    internal static bool IsSensitive(string key) =>
        key.Contains("password", StringComparison.OrdinalIgnoreCase)
        || key.Contains("secret", StringComparison.OrdinalIgnoreCase)
        || key.Contains("key", StringComparison.OrdinalIgnoreCase);

    internal string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"bootstrap={BootstrapServers} group={GroupId} topics={string.Join(',', Topics)} settings=[{string.Join(", ", RedactedSettings().Select(s => $"{s.Key}={s.Value}"))}]");
}
