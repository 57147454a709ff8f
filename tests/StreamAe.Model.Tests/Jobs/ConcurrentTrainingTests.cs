using StreamAe.Model.Jobs;
using StreamAe.Model.ModelFile;
using StreamAe.Model.Tests.Support;

namespace StreamAe.Model.Tests.Jobs;

/// <summary>
/// Two trainings at once in one process, as two learning pipelines train: each must get the model its seed gives
/// alone. (This assembly's tests run one at a time, so no other test draws from libtorch's generator meanwhile; in
/// the daemon only trainings draw from it.)
/// </summary>
public sealed class ConcurrentTrainingTests : IDisposable
{
    private readonly TempDirectory temp = new();

    [Fact]
    public async Task Trainings_run_at_once_in_one_process_give_the_models_each_gives_alone()
    {
        ModelMetadata Train(string file, long seed, string arch)
        {
            var options = TinyModels.Options(temp.File(file), arch);
            options.Training.Seed = seed;
            return TrainJob.Run(TinyModels.Data, options).Metadata;
        }
        var alone = new[] { Train("a1", 5, "denoising"), Train("b1", 6, "vae") };

        var together = await Task.WhenAll(Task.Run(() => Train("a2", 5, "denoising")), Task.Run(() => Train("b2", 6, "vae")));

        Assert.Equal(alone.Select(m => m.ValidationErrors), together.Select(m => m.ValidationErrors));
    }

    public void Dispose() => temp.Dispose();
}
