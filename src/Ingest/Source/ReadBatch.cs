namespace StreamAe.Ingest.Source;

/// <summary>One message the consume thread read: where it came from, and where its key and value lie in the batch.</summary>
internal readonly record struct ReadMessage(string Topic, int Partition, int Slot, long Offset, bool UnderBacklog,
    int KeyStart, int KeyLength, int ValueStart, int ValueLength)
{
    /// <summary>The key's length when the message had none.</summary>
    public const int NoKey = -1;
}

/// <summary>
/// Messages the consume thread read, copied out of the client's buffers, on their way to the windowing worker: the
/// consume thread fills one batch while the worker parses another. Full at <see cref="MaxMessages"/> messages or
/// <see cref="MaxBytes"/> bytes, so a batch of large messages stays small. One thread at a time.
/// </summary>
internal sealed class ReadBatch
{
    public const int MaxMessages = 256;
    public const int MaxBytes = 256 * 1024;

    private ReadMessage[] _messages = new ReadMessage[MaxMessages]; // grows past MaxMessages only while partitions pause
    private byte[] _bytes = new byte[16 * 1024];
    private int _used;

    public int Count { get; private set; }

    public bool IsFull => Count >= MaxMessages || _used >= MaxBytes;

    public ReadMessage this[int index] => _messages[index];

    public ReadOnlySpan<byte> Key(in ReadMessage message) =>
        message.KeyLength == ReadMessage.NoKey ? default : _bytes.AsSpan(message.KeyStart, message.KeyLength);

    public ReadOnlySpan<byte> Value(in ReadMessage message) => _bytes.AsSpan(message.ValueStart, message.ValueLength);

    /// <param name="hasKey">False for a message without a key, as distinct from an empty one.</param>
    public void Add(string topic, int partition, int slot, long offset, bool underBacklog, ReadOnlySpan<byte> key,
        bool hasKey, ReadOnlySpan<byte> value)
    {
        var keyStart = Append(key);
        var valueStart = Append(value);
        if (Count == _messages.Length)
        {
            Array.Resize(ref _messages, Count * 2);
        }
        _messages[Count++] = new ReadMessage(topic, partition, slot, offset, underBacklog, keyStart,
            hasKey ? key.Length : ReadMessage.NoKey, valueStart, value.Length);
    }

    public void Clear()
    {
        Count = 0;
        _used = 0;
    }

    private int Append(ReadOnlySpan<byte> bytes)
    {
        var start = _used;
        if (start + bytes.Length > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(start + bytes.Length, _bytes.Length * 2));
        }
        bytes.CopyTo(_bytes.AsSpan(start));
        _used += bytes.Length;
        return start;
    }
}
