using StreamAe.Model.Architectures;
using StreamAe.Model.Jobs;
using StreamAe.Model.ModelFile;
using StreamAe.Model.Tests.Support;
using TorchSharp;

namespace StreamAe.Model.Tests.Jobs;

/// <summary>
/// A seed alone decides the model, bit for bit: whatever else runs in the process, as when learning pipelines retrain
/// while others train or score.
/// </summary>
public sealed class TrainingDeterminismTests : IDisposable
{
    /// <summary>Every architecture but PCA, which is fitted in closed form and draws nothing.</summary>
    private static readonly string[] Drawing = [.. ArchitectureSpec.Names.Where(name => name != ArchitectureSpec.Pca)];

    public static TheoryData<string> DrawingArchitectures { get; } = [.. Drawing];

    public static TheoryData<string> Architectures { get; } = [.. ArchitectureSpec.Names];

    private readonly TempDirectory temp = new();

    [Theory]
    [MemberData(nameof(Architectures))]
    public void Same_seed_gives_the_same_parameters_and_another_seed_does_not(string architecture)
    {
        var first = Train(architecture, seed: 5);
        var again = Train(architecture, seed: 5);
        var other = Train(architecture, seed: 6);

        Assert.Null(FirstDifference(first, again));
        Assert.NotNull(FirstDifference(first, other));
    }

    [Fact]
    public async Task Trainings_run_at_once_in_one_process_give_the_models_each_gives_alone()
    {
        var alone = Drawing.Select((architecture, i) => Train(architecture, seed: 20 + i)).ToArray();

        var together = await Task.WhenAll(Drawing.Select((architecture, i) => Task.Run(() => Train(architecture, seed: 20 + i))));

        foreach (var (expected, actual) in alone.Zip(together))
        {
            Assert.Null(FirstDifference(expected, actual));
        }
    }

    [Theory]
    [MemberData(nameof(DrawingArchitectures))]
    public async Task Draws_from_libtorchs_global_generator_meanwhile_leave_the_model_unchanged(string architecture)
    {
        var alone = Train(architecture, seed: 7);
        using var stop = new CancellationTokenSource();
        var drawing = Task.Run(() =>
        {
            for (var draws = 0L; !stop.IsCancellationRequested; draws++)
            {
                torch.manual_seed(draws); // what any other user of libtorch's process-wide generator may do
                using var drawn = torch.rand(256);
            }
        });

        var beside = Train(architecture, seed: 7);
        await stop.CancelAsync();
        await drawing;

        Assert.Null(FirstDifference(alone, beside));
    }

    private (string Name, int[] Bits)[] Train(string architecture, long seed)
    {
        var path = temp.File($"{architecture}-{seed}-{Guid.NewGuid():N}.streamae");
        var options = TinyModels.Options(path, architecture);
        options.Training.Seed = seed;
        TrainJob.Run(TinyModels.Data, options);
        using var model = ModelFileStore.Read(path);
        return [.. model.Module.state_dict().OrderBy(entry => entry.Key, StringComparer.Ordinal).Select(entry =>
            (entry.Key, entry.Value.data<float>().ToArray().Select(BitConverter.SingleToInt32Bits).ToArray()))];
    }

    /// <summary>The name of the first tensor whose bits differ, or null when the models are identical.</summary>
    private static string? FirstDifference((string Name, int[] Bits)[] expected, (string Name, int[] Bits)[] actual)
    {
        if (!expected.Select(entry => entry.Name).SequenceEqual(actual.Select(entry => entry.Name)))
        {
            return "(the tensor names)";
        }
        return expected.Zip(actual).Where(pair => !pair.First.Bits.SequenceEqual(pair.Second.Bits)).Select(pair => pair.First.Name).FirstOrDefault();
    }

    public void Dispose() => temp.Dispose();
}
