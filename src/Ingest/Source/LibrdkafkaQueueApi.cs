using System.Runtime.InteropServices;

namespace StreamAe.Ingest.Source;

/// <summary>The slice of librdkafka's C API (rdkafka.h) that <see cref="ConsumerBatchReader"/> calls, bound to the copy
/// of the library Confluent.Kafka loaded.</summary>
internal static unsafe class LibrdkafkaQueueApi
{
    private static readonly nint Library = ConfluentInternals.LoadLibrdkafka();

    private static readonly delegate* unmanaged<nint, nint> NameFunction = (delegate* unmanaged<nint, nint>)Export("rd_kafka_name");
    private static readonly delegate* unmanaged<nint, nint> QueueGetConsumerFunction = (delegate* unmanaged<nint, nint>)Export("rd_kafka_queue_get_consumer");
    private static readonly delegate* unmanaged<nint, void> QueueDestroyFunction = (delegate* unmanaged<nint, void>)Export("rd_kafka_queue_destroy");
    private static readonly delegate* unmanaged<nint, int, nint*, nuint, nint> ConsumeBatchQueueFunction =
        (delegate* unmanaged<nint, int, nint*, nuint, nint>)Export("rd_kafka_consume_batch_queue");
    private static readonly delegate* unmanaged<nint, void> MessageDestroyFunction = (delegate* unmanaged<nint, void>)Export("rd_kafka_message_destroy");
    private static readonly delegate* unmanaged<nint, nint> TopicNameFunction = (delegate* unmanaged<nint, nint>)Export("rd_kafka_topic_name");
    private static readonly delegate* unmanaged<nint, byte*, nuint, int> FatalErrorFunction = (delegate* unmanaged<nint, byte*, nuint, int>)Export("rd_kafka_fatal_error");

    /// <summary><c>const char *rd_kafka_name(const rd_kafka_t *rk)</c></summary>
    public static nint Name(nint kafka) => NameFunction(kafka);

    /// <summary><c>rd_kafka_queue_t *rd_kafka_queue_get_consumer(rd_kafka_t *rk)</c>: null without a consumer group.</summary>
    public static nint QueueGetConsumer(nint kafka) => QueueGetConsumerFunction(kafka);

    public static void QueueDestroy(nint queue) => QueueDestroyFunction(queue);

    /// <summary><c>ssize_t rd_kafka_consume_batch_queue(rd_kafka_queue_t *rkqu, int timeout_ms,
    /// rd_kafka_message_t **rkmessages, size_t rkmessages_size)</c></summary>
    public static nint ConsumeBatchQueue(nint queue, int timeoutMs, nint* messages, nuint size) =>
        ConsumeBatchQueueFunction(queue, timeoutMs, messages, size);

    public static void MessageDestroy(nint message) => MessageDestroyFunction(message);

    /// <summary><c>const char *rd_kafka_topic_name(const rd_kafka_topic_t *rkt)</c></summary>
    public static nint TopicName(nint topic) => TopicNameFunction(topic);

    /// <summary><c>rd_kafka_resp_err_t rd_kafka_fatal_error(rd_kafka_t *rk, char *errstr, size_t errstr_size)</c></summary>
    public static int FatalError(nint kafka, byte* reason, nuint size) => FatalErrorFunction(kafka, reason, size);

    private static nint Export(string name) => NativeLibrary.GetExport(Library, name);
}
