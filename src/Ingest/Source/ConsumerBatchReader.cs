using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using System.Text;
using Confluent.Kafka;

namespace StreamAe.Ingest.Source;

/// <summary>One message as librdkafka hands it over (<c>rd_kafka_message_t</c>); its pointers are valid until the
/// batch it came in is released.</summary>
[StructLayout(LayoutKind.Sequential)]
public readonly unsafe struct NativeMessage
{
    public readonly int Error;
    public readonly nint TopicHandle;
    public readonly int Partition;
    private readonly byte* _value;
    private readonly nuint _valueLength;
    private readonly byte* _key;
    private readonly nuint _keyLength;
    public readonly long Offset;
    private readonly nint _private;

    public bool HasKey => _key != null;

    public ReadOnlySpan<byte> Key => _key == null ? default : new(_key, (int)_keyLength);

    public ReadOnlySpan<byte> Value => _value == null ? default : new(_value, (int)_valueLength);
}

/// <summary>
/// Reads a consumer's messages many at a time with librdkafka's batch call on the consumer's queue
/// (<c>rd_kafka_consume_batch_queue</c>, what confluent-kafka-python's <c>consume()</c> calls). Confluent.Kafka's
/// <c>Consume</c> costs a native call, a marshalled struct and four objects a message, and librdkafka a clock read and
/// a poll-interval update each call; per message that was most of the consume thread's CPU. Rebalance, error,
/// statistics and log callbacks are served inside the call, on the calling thread, as inside <c>Consume</c>; what
/// Confluent.Kafka's callbacks caught is rethrown here as <c>Consume</c> would. The messages stay librdkafka's until
/// <see cref="Release"/> (or the next read): copy what you keep. Not thread-safe; dispose it before closing the consumer.
/// </summary>
public sealed unsafe class ConsumerBatchReader : IDisposable
{
    private readonly nint _kafka;
    private readonly nint _queue;
    private readonly nint* _messages;
    private readonly int _capacity;
    private readonly object _consumer;
    private readonly FieldInfo _handlerException;
    private int _count;
    private nint _lastTopicHandle;
    private string _lastTopicName = "";
    private bool _disposed;

    /// <param name="capacity">The most messages one read returns.</param>
    public ConsumerBatchReader(IConsumer<Ignore, Ignore> consumer, int capacity)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _consumer = consumer;
        _kafka = ConfluentInternals.KafkaHandle(consumer);
        _handlerException = ConfluentInternals.HandlerExceptionField(consumer);
        if (Marshal.PtrToStringUTF8(LibrdkafkaQueueApi.Name(_kafka)) != consumer.Name)
        {
            throw new InvalidOperationException("The librdkafka found does not own this consumer's handle.");
        }
        _queue = LibrdkafkaQueueApi.QueueGetConsumer(_kafka);
        if (_queue == 0)
        {
            throw new InvalidOperationException("The consumer has no consumer-group queue (no group.id).");
        }
        _capacity = capacity;
        _messages = (nint*)NativeMemory.Alloc((nuint)capacity, (nuint)sizeof(nint));
    }

    /// <summary>Releases the previous batch, then reads up to <paramref name="max"/> messages that are waiting; when
    /// none are, waits up to <paramref name="wait"/> for the next one and returns as soon as it comes. (librdkafka
    /// returns a read of more than one message only when it is full or the time is up, so the wait asks for one.)</summary>
    public int Read(int max, TimeSpan wait)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var count = ReadNative(TimeSpan.Zero, max);
        return count > 0 || wait <= TimeSpan.Zero ? count : ReadNative(wait, 1);
    }

    private int ReadNative(TimeSpan timeout, int max)
    {
        Release();
        var read = LibrdkafkaQueueApi.ConsumeBatchQueue(_queue, (int)timeout.TotalMilliseconds, _messages,
            (nuint)Math.Clamp(max, 1, _capacity));
        _count = (int)Math.Max(read, 0); // -1 only for a queue that is not a consumer's
        RethrowCaughtHandlerException();
        return _count;
    }

    /// <summary>The messages of the last read.</summary>
    public ref readonly NativeMessage this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)_count, nameof(index));
            return ref *(NativeMessage*)_messages[index];
        }
    }

    /// <summary>The message's topic (its name is read again only when the topic changes from the previous message).</summary>
    public string TopicOf(in NativeMessage message)
    {
        if (message.TopicHandle != _lastTopicHandle)
        {
            _lastTopicName = Marshal.PtrToStringUTF8(LibrdkafkaQueueApi.TopicName(message.TopicHandle)) ?? "";
            _lastTopicHandle = message.TopicHandle;
        }
        return _lastTopicName;
    }

    /// <summary>What an error message (<see cref="NativeMessage.Error"/> ≠ 0) says; a fatal error is the consumer's
    /// underlying fatal error, as Confluent.Kafka reports it.</summary>
    public Error ErrorOf(in NativeMessage message)
    {
        var code = (ErrorCode)message.Error;
        if (code == ErrorCode.Local_Fatal)
        {
            var reason = new byte[512];
            fixed (byte* buffer = reason)
            {
                var fatal = (ErrorCode)LibrdkafkaQueueApi.FatalError(_kafka, buffer, (nuint)reason.Length);
                return new Error(fatal, Encoding.UTF8.GetString(reason.AsSpan(0, Math.Max(0, reason.IndexOf((byte)0)))), isFatal: true);
            }
        }
        return message.Value.IsEmpty ? new Error(code) : new Error(code, Encoding.UTF8.GetString(message.Value));
    }

    /// <summary>Hands the last read's messages back to librdkafka.</summary>
    public void Release()
    {
        for (var i = 0; i < _count; i++)
        {
            LibrdkafkaQueueApi.MessageDestroy(_messages[i]);
        }
        _count = 0;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        Release();
        LibrdkafkaQueueApi.QueueDestroy(_queue);
        NativeMemory.Free(_messages);
    }

    private void RethrowCaughtHandlerException()
    {
        if (_handlerException.GetValue(_consumer) is Exception caught)
        {
            _handlerException.SetValue(_consumer, null);
            Release();
            ExceptionDispatchInfo.Throw(caught);
        }
    }
}
