using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using StreamAe.Model.Architectures;
using TorchSharp;
using static TorchSharp.torch;

namespace StreamAe.Model.ModelFile;

/// <summary>
/// One file per model: <c>"STREAMAE"</c> magic · format version (u32) · metadata length (u32) · UTF-8 JSON metadata ·
/// weights length (u64) · TorchSharp state_dict bytes · SHA-256 of everything before it. All integers little-endian.
/// Reading checks each part and says exactly what is wrong.
/// </summary>
public static class ModelFileStore
{
    public const int FormatVersion = 1;
    private const int HashLength = 32;
    private static readonly byte[] Magic = "STREAMAE"u8.ToArray();

    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static void Write(string path, ModelMetadata metadata, AutoencoderModule module)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(module);
        var json = JsonSerializer.SerializeToUtf8Bytes(metadata, Json);
        byte[] weights;
        using (var buffer = new MemoryStream())
        {
            module.save(buffer);
            weights = buffer.ToArray();
        }
        using var payload = new MemoryStream();
        payload.Write(Magic);
        WriteUInt32(payload, (uint)FormatVersion);
        WriteUInt32(payload, (uint)json.Length);
        payload.Write(json);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)weights.Length);
        payload.Write(length);
        payload.Write(weights);
        var body = payload.ToArray();
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
        // Write beside the target and rename, so a crash never leaves a half-written model under the real name.
        var temporary = path + ".tmp";
        using (var file = File.Create(temporary))
        {
            file.Write(body);
            file.Write(SHA256.HashData(body));
        }
        File.Move(temporary, path, overwrite: true);
    }

    public static ModelMetadata ReadMetadata(string path) => Parse(path, ReadBytes(path)).Metadata;

    /// <summary>Loads the model onto <paramref name="device"/> in evaluation mode.</summary>
    public static TrainedModel Read(string path, Device? device = null)
    {
        var (metadata, weights) = Parse(path, ReadBytes(path));
        AutoencoderModule module;
        try
        {
            module = metadata.Architecture.Build();
        }
        catch (ArgumentException e)
        {
            throw new ModelFileFormatException(path, $"its architecture cannot be built: {e.Message}", e);
        }
        try
        {
            using var stream = new MemoryStream(weights, writable: false);
            module.load(stream, strict: true);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            module.Dispose();
            throw new ModelFileFormatException(path, $"its weights do not fit architecture '{metadata.Architecture.Name}' " +
                $"(W={metadata.WindowLength}, C={metadata.Channels}): {e.Message}", e);
        }
        if (device is not null && device.type != DeviceType.CPU)
        {
            module.to(device);
        }
        module.eval();
        return new TrainedModel(metadata, module);
    }

    private static byte[] ReadBytes(string path) => File.Exists(path)
        ? File.ReadAllBytes(path)
        : throw new FileNotFoundException($"Model file '{path}' does not exist.", path);

    private static (ModelMetadata Metadata, byte[] Weights) Parse(string path, byte[] bytes)
    {
        var header = Magic.Length + 8;
        if (bytes.Length < Magic.Length || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new ModelFileFormatException(path, "not a StreamAe model file (wrong magic bytes).");
        }
        if (bytes.Length < header)
        {
            throw new ModelFileFormatException(path, "truncated (header incomplete).");
        }
        var version = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(Magic.Length));
        if (version != FormatVersion)
        {
            throw new ModelFileFormatException(path, $"format version {version} is not supported (this build reads version {FormatVersion}).");
        }
        var jsonLength = (long)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(Magic.Length + 4));
        var weightsLengthAt = header + jsonLength;
        if (weightsLengthAt + 8 > bytes.Length)
        {
            throw new ModelFileFormatException(path, $"truncated (file has {bytes.Length} bytes, metadata needs {weightsLengthAt}).");
        }
        var weightsLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan((int)weightsLengthAt));
        var expectedLength = (decimal)weightsLengthAt + 8 + weightsLength + HashLength;
        if (expectedLength > bytes.Length)
        {
            throw new ModelFileFormatException(path, $"truncated (file has {bytes.Length} bytes, expected {expectedLength}).");
        }
        if (expectedLength < bytes.Length)
        {
            throw new ModelFileFormatException(path, $"corrupt ({bytes.Length - expectedLength} unexpected bytes after the checksum).");
        }
        var bodyLength = bytes.Length - HashLength;
        if (!SHA256.HashData(bytes.AsSpan(0, bodyLength)).AsSpan().SequenceEqual(bytes.AsSpan(bodyLength)))
        {
            throw new ModelFileFormatException(path, "corrupt (SHA-256 checksum mismatch).");
        }
        ModelMetadata? metadata;
        try
        {
            metadata = JsonSerializer.Deserialize<ModelMetadata>(bytes.AsSpan(header, (int)jsonLength), Json);
        }
        catch (JsonException e)
        {
            throw new ModelFileFormatException(path, $"metadata is not valid: {e.Message}", e);
        }
        if (metadata is null)
        {
            throw new ModelFileFormatException(path, "metadata is empty.");
        }
        Check(path, metadata);
        return (metadata, bytes.AsSpan((int)weightsLengthAt + 8, (int)weightsLength).ToArray());
    }

    private static void Check(string path, ModelMetadata metadata)
    {
        var spec = metadata.Architecture;
        if (spec.WindowLength != metadata.WindowLength || spec.Channels != metadata.Channels)
        {
            throw new ModelFileFormatException(path, $"shape mismatch: metadata says W={metadata.WindowLength}, C={metadata.Channels} " +
                $"but the architecture was built for W={spec.WindowLength}, C={spec.Channels}.");
        }
        if (metadata.Scaler.Offset.Length != metadata.Channels || metadata.Scaler.Scale.Length != metadata.Channels)
        {
            throw new ModelFileFormatException(path, $"shape mismatch: scaler has {metadata.Scaler.Offset.Length} channels, model has {metadata.Channels}.");
        }
        if (!double.IsFinite(metadata.Threshold.Threshold))
        {
            throw new ModelFileFormatException(path, $"threshold {metadata.Threshold.Threshold} is not a finite number.");
        }
    }

    private static void WriteUInt32(Stream stream, uint value)
    {
        Span<byte> buffer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(buffer, value);
        stream.Write(buffer);
    }
}
