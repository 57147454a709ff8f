using System.Buffers.Binary;
using StreamAe.Model.Jobs;
using StreamAe.Model.ModelFile;
using StreamAe.Model.Scoring;
using StreamAe.Model.Tests.Support;
using StreamAe.Model.Thresholds;

namespace StreamAe.Model.Tests.ModelFile;

public sealed class ModelFileTests : IDisposable
{
    private readonly TempDirectory temp = new();

    [Fact]
    public void Loaded_model_reproduces_the_scores_computed_before_saving_bit_for_bit()
    {
        var path = temp.File("m.streamae");
        var summary = TinyModels.Train(path);
        var (_, validationRows, _) = TrainJob.Split(TinyModels.Data, 1, TinyModels.Options(path).Training);

        using var scorer = BatchScorer.Load(path, new ScorerOptions { Device = "cpu" });
        var scores = scorer.ScoreAll(TinyModels.Data.Gather(validationRows), validationRows.Length);

        // The metadata's statistics were computed in memory, by the same scorer code, before the file existed.
        Assert.Equal(summary.Metadata.ValidationErrors, ErrorStatistics.From(scores));
        Assert.Equal(summary.Metadata.Threshold.Threshold, scorer.Threshold);
        Assert.Equal("m", scorer.ModelName);
    }

    [Fact]
    public void Rewritten_model_scores_identically()
    {
        var first = temp.File("first.streamae");
        var second = temp.File("second.streamae");
        TinyModels.TrainedCopy(first);
        using (var model = ModelFileStore.Read(first))
        {
            ModelFileStore.Write(second, model.Metadata, model.Module);
        }
        Assert.Equal(Scores(first), Scores(second));
        Assert.Equal(ModelFileStore.ReadMetadata(first), ModelFileStore.ReadMetadata(second), MetadataComparer);
    }

    [Fact]
    public void Metadata_records_how_the_model_was_made()
    {
        var path = temp.File("meta.streamae");
        TinyModels.TrainedCopy(path);
        var metadata = ModelFileStore.ReadMetadata(path);
        Assert.Equal(TinyModels.Length, metadata.WindowLength);
        Assert.Equal(TinyModels.Length, metadata.Hop);
        Assert.Equal("dense", metadata.Architecture.Name);
        Assert.Equal("meansd:1", metadata.Threshold.Method);
        Assert.Equal("synthetic", metadata.TrainingDataSha256);
        Assert.Equal("standard", metadata.Scaler.Kind);
        Assert.True(metadata.TrainingErrors.Count > 0);
        Assert.Contains("torchsharp", metadata.LibraryVersions.Keys);
        Assert.True(metadata.CreatedAt > DateTimeOffset.UtcNow.AddMinutes(-5));
    }

    [Fact]
    public void Wrong_magic_is_rejected()
    {
        var path = temp.File("text.streamae");
        File.WriteAllText(path, "label,values\n1,2,3\n");
        AssertRejected(path, "wrong magic");
    }

    [Fact]
    public void Unsupported_version_is_rejected()
    {
        var path = Trained();
        var bytes = File.ReadAllBytes(path);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), 99);
        File.WriteAllBytes(path, bytes);
        AssertRejected(path, "format version 99 is not supported");
    }

    [Theory]
    [InlineData(10)]
    [InlineData(200)]
    [InlineData(1)]
    public void Truncated_file_is_rejected(int keepFraction)
    {
        var path = Trained();
        var bytes = File.ReadAllBytes(path);
        var keep = keepFraction == 1 ? bytes.Length - 1 : Math.Min(bytes.Length - 1, keepFraction);
        File.WriteAllBytes(path, bytes[..keep]);
        AssertRejected(path, "truncated");
    }

    [Fact]
    public void Flipped_weight_byte_fails_the_checksum()
    {
        var path = Trained();
        var bytes = File.ReadAllBytes(path);
        bytes[^100] ^= 0x40;
        File.WriteAllBytes(path, bytes);
        AssertRejected(path, "checksum");
    }

    [Fact]
    public void Metadata_whose_window_disagrees_with_the_architecture_is_rejected()
    {
        var path = Trained();
        using (var model = ModelFileStore.Read(path))
        {
            ModelFileStore.Write(path, model.Metadata with { WindowLength = TinyModels.Length + 1 }, model.Module);
        }
        AssertRejected(path, "shape mismatch");
    }

    [Fact]
    public void Weights_that_do_not_fit_the_architecture_are_rejected()
    {
        var path = Trained();
        using (var model = ModelFileStore.Read(path))
        {
            var wider = model.Metadata.Architecture with { CodeSize = 6 };
            ModelFileStore.Write(path, model.Metadata with { Architecture = wider }, model.Module);
        }
        AssertRejected(path, "weights do not fit");
    }

    [Fact]
    public void Missing_file_names_the_path()
    {
        var path = temp.File("absent.streamae");
        var error = Assert.Throws<FileNotFoundException>(() => ModelFileStore.Read(path));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    private string Trained()
    {
        var path = temp.File($"{Guid.NewGuid():N}.streamae");
        TinyModels.TrainedCopy(path);
        return path;
    }

    private static void AssertRejected(string path, string reason)
    {
        var error = Assert.Throws<ModelFileFormatException>(() => ModelFileStore.Read(path));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    private static float[] Scores(string path)
    {
        using var scorer = BatchScorer.Load(path, new ScorerOptions { Device = "cpu" });
        var scores = new float[TinyModels.Data.Count];
        scorer.Score(TinyModels.Data.Values, TinyModels.Data.Count, scores);
        return scores;
    }

    private static readonly IEqualityComparer<ModelMetadata> MetadataComparer = EqualityComparer<ModelMetadata>.Create(
        (a, b) => a is not null && b is not null && System.Text.Json.JsonSerializer.Serialize(a) == System.Text.Json.JsonSerializer.Serialize(b));

    public void Dispose() => temp.Dispose();
}
