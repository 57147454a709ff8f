using StreamAe.Model.Architectures;
using StreamAe.Model.Data;
using StreamAe.Model.Jobs;
using StreamAe.Model.ModelFile;
using StreamAe.Model.Tests.Support;
using StreamAe.Model.Training;

namespace StreamAe.Model.Tests.Jobs;

public sealed class TrainJobTests : IDisposable
{
    private readonly TempDirectory temp = new();

    [Fact]
    public void Threshold_is_fitted_on_the_held_out_normal_errors()
    {
        var metadata = TinyModels.Train(temp.File("m.streamae")).Metadata;

        var expected = metadata.ValidationErrors.Mean + metadata.ValidationErrors.Std;
        Assert.Equal(expected, metadata.Threshold.Threshold, 1e-12);
        Assert.Equal(40, metadata.ValidationErrors.Count); // half of the 80 normal windows
        Assert.Equal(40, metadata.TrainingErrors.Count);
    }

    [Fact]
    public void Bestf1_uses_the_files_anomalous_rows()
    {
        var path = temp.File("f1.streamae");
        TrainJob.Run(TinyModels.Data, TinyModels.Options(path, threshold: "bestf1"));
        var metadata = ModelFileStore.ReadMetadata(path);
        Assert.Equal("bestf1", metadata.Threshold.Method);
        Assert.True(metadata.Threshold.Threshold > metadata.ValidationErrors.Min, metadata.Threshold.Detail);
    }

    [Fact]
    public void Window_that_disagrees_with_the_rows_is_rejected()
    {
        var options = TinyModels.Options(temp.File("w.streamae"));
        options.Architecture = options.Architecture with { WindowLength = TinyModels.Length + 4 };
        var error = Assert.Throws<ArgumentException>(() => TrainJob.Run(TinyModels.Data, options));
        Assert.Contains($"rows have {TinyModels.Length} values", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_few_normal_rows_are_rejected_naming_the_label()
    {
        var data = new WindowSet(new float[3 * TinyModels.Length], [1, 2, 2], TinyModels.Length, 1, "x");
        var error = Assert.Throws<ArgumentException>(() => TrainJob.Run(data, TinyModels.Options(temp.File("n.streamae"))));
        Assert.Contains("label 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_options_list_every_problem()
    {
        var options = new TrainJobOptions { DataPath = "", Threshold = "median", Scaling = "robust" };
        options.Training.Epochs = 0;
        var error = Assert.Throws<ArgumentException>(() => TrainJob.Run(options));
        foreach (var key in new[] { "data:", "threshold:", "scaling:", "epochs:" })
        {
            Assert.Contains(key, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Overlapping_windows_of_a_series_can_be_held_out_in_runs_of_a_window_span()
    {
        var data = new WindowSet(new float[400 * 4], [.. Enumerable.Repeat(1.0, 400)], 4, 1, "series");

        var (train, validation, _) = TrainJob.Split(data, 1, new TrainingOptions { Seed = 3, ValidationRun = 20 });

        Assert.Equal(200, validation.Length);
        Assert.Equal(Enumerable.Range(0, 400), train.Concat(validation).Order());
        // Runs of 20 consecutive windows, each starting on a multiple of 20: only a run's edges touch training windows.
        Assert.All(validation.Chunk(20), run => Assert.Equal(Enumerable.Range(run[0], 20), run));
        Assert.All(validation.Chunk(20), run => Assert.Equal(0, run[0] % 20));
    }

    [Fact]
    public void Independent_rows_are_held_out_one_by_one_by_default()
    {
        var (train, validation, _) = TrainJob.Split(TinyModels.Data, 1, new TrainingOptions { Seed = 3 });

        var normal = Enumerable.Range(0, TinyModels.Data.Count).Where(i => TinyModels.Data.Labels[i] == 1).ToArray();
        new Random(3).Shuffle(normal);
        Assert.Equal(normal[..validation.Length], validation);
        Assert.Equal(normal[validation.Length..], train);
    }

    [Fact]
    public void A_pca_of_a_narrow_window_keeps_half_of_its_dimensions_so_its_errors_are_not_all_zero()
    {
        var random = new Random(5);
        var values = Enumerable.Range(0, 100 * 4).Select(_ => (float)random.NextDouble()).ToArray();
        var data = new WindowSet(values, [.. Enumerable.Repeat(1.0, 100)], 4, 1, "narrow");
        var options = TinyModels.Options(temp.File("pca.streamae"));
        options.Architecture = new() { Name = ArchitectureSpec.Pca, WindowLength = 0 };

        var metadata = TrainJob.Run(data, options).Metadata;

        Assert.Equal(2, metadata.Architecture.PcaComponents);
        Assert.True(metadata.ValidationErrors.Mean > 1e-3, $"mean held-out error {metadata.ValidationErrors.Mean}");
    }

    public void Dispose() => temp.Dispose();
}
