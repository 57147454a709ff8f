using System.Runtime.InteropServices;

namespace StreamAe.Tools.Kafka.Mock;

/// <summary>The slice of librdkafka's C API (rdkafka.h, rdkafka_mock.h) that the mock cluster needs.</summary>
internal static partial class MockNative
{
    internal const int ProducerType = 0; // RD_KAFKA_PRODUCER
    internal const int ConfOk = 0;       // RD_KAFKA_CONF_OK

    // Runs before the first call into this class, so before any of its imports is bound.
    static MockNative() => LibrdkafkaResolver.EnsureRegistered();

    [LibraryImport(LibrdkafkaResolver.LibraryName, EntryPoint = "rd_kafka_conf_new")]
    internal static partial IntPtr ConfNew();

    [LibraryImport(LibrdkafkaResolver.LibraryName, EntryPoint = "rd_kafka_conf_destroy")]
    internal static partial void ConfDestroy(IntPtr conf);

    [LibraryImport(LibrdkafkaResolver.LibraryName, EntryPoint = "rd_kafka_conf_set", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int ConfSet(IntPtr conf, string name, string value, byte[] errstr, nuint errstrSize);

    [LibraryImport(LibrdkafkaResolver.LibraryName, EntryPoint = "rd_kafka_new")]
    internal static partial IntPtr KafkaNew(int type, IntPtr conf, byte[] errstr, nuint errstrSize);

    [LibraryImport(LibrdkafkaResolver.LibraryName, EntryPoint = "rd_kafka_destroy")]
    internal static partial void KafkaDestroy(IntPtr rk);

    [LibraryImport(LibrdkafkaResolver.LibraryName, EntryPoint = "rd_kafka_mock_cluster_new")]
    internal static partial IntPtr ClusterNew(IntPtr rk, int brokerCount);

    [LibraryImport(LibrdkafkaResolver.LibraryName, EntryPoint = "rd_kafka_mock_cluster_destroy")]
    internal static partial void ClusterDestroy(IntPtr cluster);

    [LibraryImport(LibrdkafkaResolver.LibraryName, EntryPoint = "rd_kafka_mock_cluster_bootstraps")]
    internal static partial IntPtr ClusterBootstraps(IntPtr cluster);

    [LibraryImport(LibrdkafkaResolver.LibraryName, EntryPoint = "rd_kafka_mock_topic_create", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int TopicCreate(IntPtr cluster, string topic, int partitionCount, int replicationFactor);

    [LibraryImport(LibrdkafkaResolver.LibraryName, EntryPoint = "rd_kafka_mock_broker_set_down")]
    internal static partial int BrokerSetDown(IntPtr cluster, int brokerId);

    [LibraryImport(LibrdkafkaResolver.LibraryName, EntryPoint = "rd_kafka_mock_broker_set_up")]
    internal static partial int BrokerSetUp(IntPtr cluster, int brokerId);

    [LibraryImport(LibrdkafkaResolver.LibraryName, EntryPoint = "rd_kafka_mock_partition_set_leader", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int PartitionSetLeader(IntPtr cluster, string topic, int partition, int brokerId);

    [LibraryImport(LibrdkafkaResolver.LibraryName, EntryPoint = "rd_kafka_mock_coordinator_set", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int CoordinatorSet(IntPtr cluster, string keyType, string key, int brokerId);

    [LibraryImport(LibrdkafkaResolver.LibraryName, EntryPoint = "rd_kafka_mock_broker_set_rtt")]
    internal static partial int BrokerSetRtt(IntPtr cluster, int brokerId, int rttMs);

    [LibraryImport(LibrdkafkaResolver.LibraryName, EntryPoint = "rd_kafka_mock_push_request_errors_array")]
    internal static partial void PushRequestErrorsArray(IntPtr cluster, short apiKey, nuint count, int[] errors);

    [LibraryImport(LibrdkafkaResolver.LibraryName, EntryPoint = "rd_kafka_mock_group_initial_rebalance_delay_ms")]
    internal static partial void GroupInitialRebalanceDelayMs(IntPtr cluster, int delayMs);

    [LibraryImport(LibrdkafkaResolver.LibraryName, EntryPoint = "rd_kafka_mock_clear_request_errors")]
    internal static partial void ClearRequestErrors(IntPtr cluster, short apiKey);
}
