using StreamAe.Model.Architectures;
using StreamAe.Model.Tests.Support;
using static TorchSharp.torch;

namespace StreamAe.Model.Tests.Architectures;

/// <summary>
/// Building a module while another thread collects garbage without pause, as a daemon loads or learns a model beside
/// busy scoring. TorchSharp's layer constructors draw their default weights through temporary tensors that a
/// collection could finalize mid-call (a test host crashed in THSTensor_numel under Conv1d's reset_parameters while
/// TrainingUnderCollectionTests ran), so modules are built inside a dispose scope; this checks that every parameter
/// and buffer leaves that scope alive and the module still computes.
/// </summary>
public sealed class BuildUnderCollectionTests
{
    private const int Builds = 400;

    [Theory]
    [MemberData(nameof(Architectures))]
    public void Building_survives_constant_garbage_collection_and_gives_a_working_module(string architecture)
    {
        var spec = new ArchitectureSpec { Name = architecture, WindowLength = 16 };
        using var collector = new ConstantCollection();
        // A PCA builds in microseconds: without this wait its loop could end before the collector's first collection.
        Assert.True(SpinWait.SpinUntil(() => collector.Collections > 0, TimeSpan.FromSeconds(30)), "the collector thread never ran");
        for (var i = 0; i < Builds; i++)
        {
            using var module = spec.Build();
            Assert.All(module.parameters(), parameter => Assert.False(parameter.IsInvalid));
            Assert.All(module.buffers(), buffer => Assert.False(buffer.IsInvalid));
        }
        using var built = spec.Build();
        built.eval();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Assert.Equal([2L, 16L], built.forward(randn(2, 16)).shape);
    }

    public static TheoryData<string> Architectures { get; } = [.. ArchitectureSpec.Names];
}
