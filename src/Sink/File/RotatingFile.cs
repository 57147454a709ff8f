namespace StreamAe.Sink.File;

/// <summary>An append-only file that rotates by size: path → path.1 → path.2 …, the oldest deleted.</summary>
internal sealed class RotatingFile : IDisposable
{
    private readonly string _path;
    private readonly long _maxBytes;
    private readonly int _maxRotated;
    private FileStream _stream;

    public RotatingFile(string path, long maxBytes, int maxRotated)
    {
        _path = System.IO.Path.GetFullPath(path);
        _maxBytes = maxBytes;
        _maxRotated = maxRotated;
        var directory = System.IO.Path.GetDirectoryName(_path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
        _stream = Open();
    }

    public int Rotations { get; private set; }

    /// <summary>Appends the bytes (rotating first if they would not fit) and flushes them to disk when asked.</summary>
    public void Append(ReadOnlySpan<byte> bytes, bool fsync)
    {
        if (_stream.Length > 0 && _stream.Length + bytes.Length > _maxBytes)
        {
            Rotate();
        }
        _stream.Write(bytes);
        _stream.Flush(flushToDisk: fsync);
    }

    public void Dispose() => _stream.Dispose();

    private FileStream Open() => new(_path, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0);

    private void Rotate()
    {
        _stream.Dispose();
        if (_maxRotated == 0)
        {
            System.IO.File.Delete(_path);
        }
        else
        {
            System.IO.File.Delete($"{_path}.{_maxRotated}");
            for (var i = _maxRotated - 1; i >= 1; i--)
            {
                if (System.IO.File.Exists($"{_path}.{i}"))
                {
                    System.IO.File.Move($"{_path}.{i}", $"{_path}.{i + 1}");
                }
            }
            System.IO.File.Move(_path, $"{_path}.1");
        }
        Rotations++;
        _stream = Open();
    }
}
