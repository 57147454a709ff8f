using StreamAe.Model.Architectures;
using StreamAe.Model.Jobs;
using StreamAe.Model.Tests.Support;

namespace StreamAe.Model.Tests.Jobs;

/// <summary>
/// Training while another thread collects garbage without pause, as a daemon retrains in the background beside busy
/// scoring. With TorchSharp's own Adam, every architecture failed here within a few dozen trainings ("Expected false
/// to be true" from Scalar::toDouble in Adam's step: a temporary Scalar freed by its finalizer mid-call).
/// </summary>
public sealed class TrainingUnderCollectionTests : IDisposable
{
    private const int Trainings = 60;
    private readonly TempDirectory temp = new();

    public static TheoryData<string> GradientArchitectures { get; } = [.. ArchitectureSpec.Names.Where(name => name != ArchitectureSpec.Pca)];

    [Theory]
    [MemberData(nameof(GradientArchitectures))]
    public void Training_survives_constant_garbage_collection(string architecture)
    {
        using var collector = new ConstantCollection();
        for (var i = 0; i < Trainings; i++)
        {
            TrainJob.Run(TinyModels.Data, TinyModels.Options(temp.File($"{architecture}-{i}.streamae"), architecture));
        }
        Assert.True(collector.Collections > Trainings, $"the collector thread should have run often ({collector.Collections})");
    }

    public void Dispose() => temp.Dispose();
}
