using System.Buffers.Binary;
using System.Text;

namespace StreamAe.Detector.Decision.State;

/// <summary>
/// One series' decision state as the changelog holds it (key: the series id, UTF-8; value: <see cref="Encode"/>).
/// Layout: format version (1 byte), body, FNV-1a checksum of both (8 bytes). The body names the input partition the
/// series is read from (restore keeps only the series of assigned partitions), the end of the last window the state
/// reflects (a replay skips windows up to it), the model the state was learned with (name and version: the place a
/// learned model's stored version is referenced from), then the threshold and alert sections their owners write.
/// </summary>
public sealed record SeriesStateRecord(
    string SourceTopic,
    int SourcePartition,
    long LastEndMs,
    string ModelName,
    long ModelVersion,
    byte[]? Thresholds,
    byte[]? Alerts)
{
    public const byte FormatVersion = 1;
    private const int ChecksumBytes = sizeof(ulong);

    public byte[] Encode()
    {
        using var stream = new MemoryStream(64 + (Thresholds?.Length ?? 0) + (Alerts?.Length ?? 0));
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(FormatVersion);
            writer.Write(SourceTopic);
            writer.Write7BitEncodedInt(SourcePartition);
            writer.Write(LastEndMs);
            writer.Write(ModelName);
            writer.Write7BitEncodedInt64(ModelVersion);
            WriteSection(writer, Thresholds);
            WriteSection(writer, Alerts);
            writer.Write(Fnv1a.Add(Fnv1a.Start, stream.GetBuffer().AsSpan(0, (int)stream.Length)));
        }
        return stream.ToArray();
    }

    /// <exception cref="InvalidDataException">not a record of this format: the message says why, in a few words</exception>
    public static SeriesStateRecord Decode(byte[] value)
    {
        if (value.Length == 0)
        {
            throw new InvalidDataException("empty record");
        }
        if (value[0] != FormatVersion)
        {
            throw new InvalidDataException($"format version {value[0]}, this daemon reads version {FormatVersion}");
        }
        if (value.Length < 1 + ChecksumBytes
            || BinaryPrimitives.ReadUInt64LittleEndian(value.AsSpan(value.Length - ChecksumBytes)) != Fnv1a.Add(Fnv1a.Start, value.AsSpan(0, value.Length - ChecksumBytes)))
        {
            throw new InvalidDataException("checksum mismatch (corrupt record)");
        }
        try
        {
            using var reader = new BinaryReader(new MemoryStream(value, 1, value.Length - 1 - ChecksumBytes), Encoding.UTF8);
            var record = new SeriesStateRecord(reader.ReadString(), reader.Read7BitEncodedInt(), reader.ReadInt64(),
                reader.ReadString(), reader.Read7BitEncodedInt64(), ReadSection(reader), ReadSection(reader));
            return reader.BaseStream.Position == reader.BaseStream.Length
                ? record
                : throw new InvalidDataException("bytes left over after the record");
        }
        catch (Exception e) when (e is EndOfStreamException or FormatException or ArgumentException)
        {
            throw new InvalidDataException($"malformed record ({e.GetType().Name})", e);
        }
    }

    private static void WriteSection(BinaryWriter writer, byte[]? section)
    {
        writer.Write7BitEncodedInt(section is null ? 0 : section.Length + 1);
        if (section is not null)
        {
            writer.Write(section);
        }
    }

    private static byte[]? ReadSection(BinaryReader reader)
    {
        var length = reader.Read7BitEncodedInt() - 1;
        if (length > reader.BaseStream.Length - reader.BaseStream.Position)
        {
            throw new InvalidDataException("section longer than the record");
        }
        return length < 0 ? null : reader.ReadBytes(length);
    }
}
