using Confluent.Kafka;

namespace StreamAe.Ingest.Source;

/// <summary>
/// Hands a message's key or value over as a view of one buffer reused from message to message, instead of a new
/// array per message (the largest allocation of the consume path). Valid only until the next <c>Consume</c>: the
/// consume loop parses each message before it reads the next, and copies what it keeps (dead letters).
/// </summary>
internal sealed class ReusedBufferDeserializer : IDeserializer<ReadOnlyMemory<byte>?>
{
    private byte[] _buffer = new byte[4096];

    public ReadOnlyMemory<byte>? Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context)
    {
        if (isNull)
        {
            return null;
        }
        if (data.Length > _buffer.Length)
        {
            _buffer = new byte[Math.Max(data.Length, _buffer.Length * 2)];
        }
        data.CopyTo(_buffer);
        return _buffer.AsMemory(0, data.Length);
    }
}
