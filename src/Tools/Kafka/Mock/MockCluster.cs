using System.Runtime.InteropServices;
using System.Text;
using Confluent.Kafka;

namespace StreamAe.Tools.Kafka.Mock;

/// <summary>
/// An in-process Kafka cluster: librdkafka's mock brokers listening on real TCP ports on 127.0.0.1. Any Kafka
/// client (Confluent.Kafka here, or another process) connects to <see cref="BootstrapServers"/>. Used by the demo
/// and the tests. The mock holds an empty fetch for the full <c>fetch.wait.max.ms</c>, so consumers against it
/// should set <see cref="ConsumerConfig.FetchWaitMaxMs"/> to a few milliseconds; each partition keeps at most about
/// 5 MiB / 100 000 message sets and silently drops the oldest.
/// </summary>
public sealed class MockCluster : IDisposable
{
    private const int ErrorBufferSize = 512;
    private readonly Lock _gate = new();
    private IntPtr _handle;  // the rd_kafka_t that owns the cluster
    private IntPtr _cluster; // rd_kafka_mock_cluster_t

    /// <param name="brokerCount">Number of mock brokers (ids 1..brokerCount).</param>
    public MockCluster(int brokerCount = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokerCount, 1);
        BrokerCount = brokerCount;
        var conf = MockNative.ConfNew();
        var error = new byte[ErrorBufferSize];
        // The owning handle never produces; keep its own logging quiet.
        SetOrThrow(conf, "log_level", "3", error);
        SetOrThrow(conf, "client.id", "streamae-mock-cluster", error);
        _handle = MockNative.KafkaNew(MockNative.ProducerType, conf, error, ErrorBufferSize);
        if (_handle == IntPtr.Zero)
        {
            MockNative.ConfDestroy(conf); // rd_kafka_new keeps the conf only on success
            throw new InvalidOperationException($"rd_kafka_new failed: {ReadError(error)}");
        }
        _cluster = MockNative.ClusterNew(_handle, brokerCount);
        if (_cluster == IntPtr.Zero)
        {
            MockNative.KafkaDestroy(_handle);
            _handle = IntPtr.Zero;
            throw new InvalidOperationException("rd_kafka_mock_cluster_new failed");
        }
        BootstrapServers = Marshal.PtrToStringUTF8(MockNative.ClusterBootstraps(_cluster))
            ?? throw new InvalidOperationException("rd_kafka_mock_cluster_bootstraps returned null");
    }

    /// <summary>Comma-separated <c>host:port</c> list of the mock brokers (127.0.0.1, real TCP).</summary>
    public string BootstrapServers { get; }

    public int BrokerCount { get; }

    /// <summary>Creates a topic; without this, topics are auto-created on first use with the mock's defaults.</summary>
    public void CreateTopic(string topic, int partitions, int replicationFactor = 1)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        Check(MockNative.TopicCreate(Cluster, topic, partitions, Math.Min(replicationFactor, BrokerCount)),
            $"create topic '{topic}'");
    }

    /// <summary>Takes a broker down: its connections close and it refuses new ones until <see cref="SetBrokerUp"/>.</summary>
    public void SetBrokerDown(int brokerId) => Check(MockNative.BrokerSetDown(Cluster, brokerId), $"set broker {brokerId} down");

    public void SetBrokerUp(int brokerId) => Check(MockNative.BrokerSetUp(Cluster, brokerId), $"set broker {brokerId} up");

    /// <summary>Makes <paramref name="brokerId"/> the leader of one partition (it serves that partition's produce and
    /// fetch requests; the partition's log is shared, so no data moves). Clients learn of it from metadata.</summary>
    public void SetPartitionLeader(string topic, int partition, int brokerId) =>
        Check(MockNative.PartitionSetLeader(Cluster, topic, partition, brokerId), $"set {topic} [{partition}] leader to {brokerId}");

    /// <summary>Makes <paramref name="brokerId"/> the coordinator of a consumer group (instead of the mock's hash).</summary>
    public void SetGroupCoordinator(string groupId, int brokerId) =>
        Check(MockNative.CoordinatorSet(Cluster, "group", groupId, brokerId), $"set group '{groupId}' coordinator to {brokerId}");

    /// <summary>Adds a round-trip delay to a broker's responses; broker id -1 means all brokers.</summary>
    public void SetBrokerRtt(int brokerId, int rttMs) =>
        Check(MockNative.BrokerSetRtt(Cluster, brokerId, rttMs), $"set broker {brokerId} rtt");

    /// <summary>
    /// Makes the next <paramref name="errors"/>.Length requests with the given Kafka API key (e.g. 0 = Produce,
    /// 1 = Fetch, 8 = OffsetCommit) fail with those errors, in order.
    /// </summary>
    public void PushRequestErrors(short apiKey, params ErrorCode[] errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var codes = Array.ConvertAll(errors, e => (int)e);
        MockNative.PushRequestErrorsArray(Cluster, apiKey, (nuint)codes.Length, codes);
    }

    /// <summary>
    /// The brokers' <c>group.initial.rebalance.delay.ms</c> (Kafka's default 3 s): how long a new group waits for
    /// more members before its first assignment. Zero makes consumers start at once.
    /// </summary>
    public void SetGroupInitialRebalanceDelay(TimeSpan delay) =>
        MockNative.GroupInitialRebalanceDelayMs(Cluster, checked((int)delay.TotalMilliseconds));

    public void ClearRequestErrors(short apiKey) => MockNative.ClearRequestErrors(Cluster, apiKey);

    public void Dispose()
    {
        lock (_gate)
        {
            if (_cluster != IntPtr.Zero)
            {
                MockNative.ClusterDestroy(_cluster);
                _cluster = IntPtr.Zero;
            }
            if (_handle != IntPtr.Zero)
            {
                MockNative.KafkaDestroy(_handle);
                _handle = IntPtr.Zero;
            }
        }
    }

    private IntPtr Cluster
    {
        get
        {
            var cluster = _cluster;
            ObjectDisposedException.ThrowIf(cluster == IntPtr.Zero, this);
            return cluster;
        }
    }

    private static void SetOrThrow(IntPtr conf, string name, string value, byte[] error)
    {
        if (MockNative.ConfSet(conf, name, value, error, ErrorBufferSize) != MockNative.ConfOk)
        {
            MockNative.ConfDestroy(conf);
            throw new InvalidOperationException($"rd_kafka_conf_set({name}) failed: {ReadError(error)}");
        }
    }

    private static void Check(int errorCode, string what)
    {
        if (errorCode != 0)
        {
            throw new InvalidOperationException($"Mock cluster: {what} failed: {(ErrorCode)errorCode}");
        }
    }

    private static string ReadError(byte[] buffer)
    {
        var length = Array.IndexOf(buffer, (byte)0);
        return Encoding.UTF8.GetString(buffer, 0, length < 0 ? buffer.Length : length);
    }
}
