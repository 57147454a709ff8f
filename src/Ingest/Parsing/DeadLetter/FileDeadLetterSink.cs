using System.Text.Json;

namespace StreamAe.Ingest.Parsing.DeadLetter;

/// <summary>
/// Appends dead letters to a local file as JSON lines (reason, detail, source position, key and value as
/// base64 plus the value as text when it is valid UTF-8). Each line is flushed before it is acknowledged.
/// </summary>
public sealed class FileDeadLetterSink : IDeadLetterSink
{
    private readonly Lock _gate = new();
    private readonly FileStream _file;
    private readonly Utf8JsonWriter _writer;

    public FileDeadLetterSink(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }
        _file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        _writer = new Utf8JsonWriter(_file);
    }

    public void Send(DeadLetterMessage message, Action acknowledged)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(acknowledged);
        lock (_gate)
        {
            _writer.WriteStartObject();
            _writer.WriteString("time", DateTimeOffset.UtcNow);
            _writer.WriteString("reason", DeadLetterReasons.Name(message.Reason));
            _writer.WriteString("detail", message.Detail);
            _writer.WriteString("source_topic", message.SourceTopic);
            _writer.WriteNumber("source_partition", message.SourcePartition);
            _writer.WriteNumber("source_offset", message.SourceOffset);
            if (message.Key is not null)
            {
                _writer.WriteBase64String("key_base64", message.Key);
            }
            _writer.WriteBase64String("value_base64", message.Value);
            if (System.Text.Unicode.Utf8.IsValid(message.Value))
            {
                _writer.WriteString("value_text", message.Value);
            }
            _writer.WriteEndObject();
            _writer.Flush();
            _file.WriteByte((byte)'\n');
            _file.Flush(flushToDisk: true);
            _writer.Reset();
        }
        acknowledged();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _writer.Dispose();
            _file.Dispose();
        }
    }
}
