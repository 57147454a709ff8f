using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using StreamAe.Model.ModelFile;
using StreamAe.Model.Tests.Support;
using StreamAe.TestSupport;

namespace StreamAe.Model.Tests.ModelFile;

/// <summary>
/// docs/model-file.md is the model file's contract: the weights of the network its example metadata describes must read
/// as its "Weights" section says, and a file assembled byte by byte as its layout table says around that metadata and
/// those weights must load with the product's reader.
/// </summary>
public sealed class ModelFileDocumentTests : IDisposable
{
    private const string DocumentPath = "docs/model-file.md";
    private readonly TempDirectory temp = new();

    [Fact]
    public void A_file_built_as_the_model_file_page_describes_loads()
    {
        var json = ExampleMetadata();
        var example = JsonSerializer.Deserialize<ModelMetadata>(json, ModelFileStore.Json)!;
        byte[] weights;
        using (var module = example.Architecture.Build())
        using (var buffer = new MemoryStream())
        {
            module.save(buffer);
            weights = buffer.ToArray();
            var parameters = module.state_dict().Select(p => $"{p.Key} [{string.Join(", ", p.Value.shape)}]");
            Assert.Equal(parameters, WeightEntries(weights));
        }
        var metadata = Encoding.UTF8.GetBytes(json);
        using var body = new MemoryStream();
        body.Write("STREAMAE"u8);
        body.Write(LittleEndian32(1));
        body.Write(LittleEndian32((uint)metadata.Length));
        body.Write(metadata);
        var length = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)weights.Length);
        body.Write(length);
        body.Write(weights);
        var file = temp.File("example.model");
        File.WriteAllBytes(file, [.. body.ToArray(), .. SHA256.HashData(body.ToArray())]);
        Assert.Equal(56 + metadata.Length + weights.Length, new FileInfo(file).Length);

        using var model = ModelFileStore.Read(file);

        Assert.Equal(("dense", 140, 1, 0.9334588678902498), (model.Metadata.Name, model.Metadata.WindowLength,
            model.Metadata.Channels, model.Metadata.Threshold.Threshold));
        Assert.Equal(example.ReferenceErrors, model.Metadata.CalibrationSeed());
        Assert.Equal(12, model.Module.state_dict().Count);
    }

    public void Dispose() => temp.Dispose();

    /// <summary>The weights read as the page's "Weights" section describes them: a count, then per entry its name,
    /// element type, rank, dimensions and raw bytes (only float32, type 6, in these networks).</summary>
    private static List<string> WeightEntries(byte[] weights)
    {
        var position = 0;
        ulong Leb128()
        {
            ulong value = 0;
            for (var shift = 0; ; shift += 7)
            {
                var b = weights[position++];
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    return value;
                }
            }
        }
        var entries = new List<string>();
        for (var count = Leb128(); count > 0; count--)
        {
            var nameLength = (int)Leb128();
            var name = Encoding.UTF8.GetString(weights, position, nameLength);
            position += nameLength;
            Assert.Equal(6UL, Leb128());
            var shape = new ulong[Leb128()];
            for (var d = 0; d < shape.Length; d++)
            {
                shape[d] = Leb128();
            }
            position += (int)shape.Aggregate(4UL, (size, dimension) => size * dimension);
            entries.Add($"{name} [{string.Join(", ", shape)}]");
        }
        Assert.Equal(weights.Length, position);
        return entries;
    }

    private static byte[] LittleEndian32(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return bytes;
    }

    /// <summary>The page's one JSON example.</summary>
    private static string ExampleMetadata()
    {
        var lines = Repository.ReadLines(DocumentPath);
        var start = Array.IndexOf(lines, "```json");
        Assert.True(start >= 0, $"{DocumentPath} has no JSON example.");
        var end = Array.IndexOf(lines, "```", start + 1);
        return string.Join("\n", lines[(start + 1)..end]);
    }
}
