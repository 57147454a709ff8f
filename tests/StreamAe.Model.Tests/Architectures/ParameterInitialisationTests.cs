using StreamAe.Model.Architectures;
using TorchSharp;
using static TorchSharp.torch;

namespace StreamAe.Model.Tests.Architectures;

public sealed class ParameterInitialisationTests
{
    public static TheoryData<string> Networks { get; } = [.. ArchitectureSpec.Names.Where(name => name != ArchitectureSpec.Pca)];

    /// <summary>The seeded redraw keeps each layer's default scheme: every tensor spreads as TorchSharp's own
    /// initialisation spreads it (uniform ±1/√fan_in, recurrent ±1/√hidden), so training behaves as before.</summary>
    [Theory]
    [MemberData(nameof(Networks))]
    public void Redrawn_parameters_spread_like_the_layers_default_initialisation(string architecture)
    {
        var spec = new ArchitectureSpec { Name = architecture, WindowLength = 64, HiddenSizes = [48], CodeSize = 16, ConvChannels = 16, RecurrentHidden = 24 };
        using var byDefault = spec.Build();
        using var redrawn = spec.Build();
        using var random = new Generator(3);

        ParameterInitialisation.Reset(redrawn, random);

        using var scope = NewDisposeScope();
        var expected = byDefault.named_parameters().ToDictionary(entry => entry.name, entry => entry.parameter);
        foreach (var (name, parameter) in redrawn.named_parameters())
        {
            var wanted = expected[name];
            Assert.False(parameter.equal(wanted).all().item<bool>(), $"{name} was not redrawn");
            if (parameter.numel() >= 256) // enough draws for the sample's spread to pin down the scheme
            {
                Assert.InRange(parameter.abs().max().item<float>() / wanted.abs().max().item<float>(), 0.95f, 1.05f);
                Assert.InRange(parameter.std().item<float>() / wanted.std().item<float>(), 0.85f, 1.18f);
            }
        }
    }

    [Fact]
    public void The_same_generator_seed_draws_the_same_parameters()
    {
        var spec = new ArchitectureSpec { Name = ArchitectureSpec.Lstm, WindowLength = 16 };
        using var first = spec.Build();
        using var second = spec.Build();

        using (var random = new Generator(9))
        {
            ParameterInitialisation.Reset(first, random);
        }
        using (var random = new Generator(9))
        {
            ParameterInitialisation.Reset(second, random);
        }

        Assert.All(first.named_parameters().Zip(second.named_parameters()), pair => Assert.True(pair.First.parameter.equal(pair.Second.parameter).all().item<bool>(), pair.First.name));
    }
}
