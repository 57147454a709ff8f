using System.Reflection;
using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace StreamAe.Ingest.Source;

/// <summary>
/// What <see cref="ConsumerBatchReader"/> needs from Confluent.Kafka that it does not make public: the librdkafka
/// handle behind a consumer, the field where the consumer's callbacks park the exceptions they caught, and which native
/// library its bindings loaded (it tries several builds). Read by reflection from the pinned package version
/// (Confluent.Kafka 2.16); <c>ConsumerBatchReaderTests</c> fail if an upgrade moves any of them.
/// </summary>
internal static class ConfluentInternals
{
    private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.NonPublic;

    /// <summary>The consumer's <c>rd_kafka_t</c>. It lives as long as the consumer.</summary>
    public static nint KafkaHandle(IClient client)
    {
        var property = typeof(Handle).GetProperty("LibrdkafkaHandle", Instance) ?? throw Missing("Handle.LibrdkafkaHandle");
        var handle = property.GetValue(client.Handle) as SafeHandle ?? throw Missing("a librdkafka handle");
        return handle.DangerousGetHandle();
    }

    /// <summary>Where the consumer's callbacks (rebalance, commit, statistics) store what they caught, for
    /// <c>Consume</c> to rethrow.</summary>
    public static FieldInfo HandlerExceptionField(object consumer) =>
        consumer.GetType().GetField("handlerException", Instance) ?? throw Missing("Consumer.handlerException");

    /// <summary>Loads the librdkafka build Confluent.Kafka's bindings use (once a client exists they are bound),
    /// resolved as its own imports are, so both call into one copy of the library (a second copy would not know the
    /// first one's handles).</summary>
    public static nint LoadLibrdkafka()
    {
        var confluent = typeof(IClient).Assembly;
        var bindings = confluent.GetType("Confluent.Kafka.Impl.Librdkafka") ?? throw Missing("Impl.Librdkafka");
        var version = bindings.GetField("_version", BindingFlags.Static | BindingFlags.NonPublic)?.GetValue(null) as Delegate
            ?? throw Missing("Librdkafka._version");
        var library = version.Method.GetCustomAttribute<DllImportAttribute>()?.Value ?? throw Missing("the bindings' library name");
        return NativeLibrary.TryLoad(library, confluent, null, out var handle)
            ? handle
            : throw new DllNotFoundException($"librdkafka ({library}), loaded by Confluent.Kafka, could not be loaded again.");
    }

    private static InvalidOperationException Missing(string what) =>
        new($"This Confluent.Kafka has no {what}; the Kafka source's batch reader is built for Confluent.Kafka 2.16.");
}
