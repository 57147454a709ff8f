using StreamAe.Model.Architectures;
using StreamAe.Model.Tests.Support;
using StreamAe.Model.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace StreamAe.Model.Tests.Architectures;

public sealed class ArchitectureTrainingTests
{
    private const int Length = 32;
    private const int Windows = 96;

    [Theory]
    [InlineData(ArchitectureSpec.Dense)]
    [InlineData(ArchitectureSpec.Denoising)]
    [InlineData(ArchitectureSpec.Sparse)]
    [InlineData(ArchitectureSpec.Vae)]
    [InlineData(ArchitectureSpec.Conv)]
    [InlineData(ArchitectureSpec.Lstm)]
    [InlineData(ArchitectureSpec.Pca)]
    public void Training_reduces_the_reconstruction_loss(string name)
    {
        using var model = new ArchitectureSpec { Name = name, WindowLength = Length, HiddenSizes = [16], CodeSize = 4, PcaComponents = 4, RecurrentHidden = 16, ConvChannels = 8 }.Build();
        // The recurrent model learns slowest: within a fast test it gets the easier task of level-shifted windows.
        var recurrent = name == ArchitectureSpec.Lstm;
        using var train = Windowed(recurrent, Windows, seed: 1);
        using var validation = Windowed(recurrent, 32, seed: 2);
        var before = Trainer.EvaluateLoss(model, validation, 32);

        var result = Trainer.Fit(model, train, validation, new TrainingOptions { Epochs = 25, BatchSize = 16, LearningRate = 1e-2, Patience = 25 });

        var after = Trainer.EvaluateLoss(model, validation, 32);
        Assert.True(after < before * 0.7, $"{name}: validation loss {before} → {after}");
        Assert.Equal(after, result.BestValidationLoss, 1e-5);
        using var reconstruction = model.forward(validation);
        Assert.Equal(validation.shape, reconstruction.shape);
    }

    private static Tensor Windowed(bool levels, int count, int seed)
    {
        var values = SyntheticWindows.Sines(count, Length, seed);
        if (levels)
        {
            var random = new Random(seed);
            for (var w = 0; w < count; w++)
            {
                var level = (float)(random.NextDouble() * 4 - 2);
                values.AsSpan(w * Length, Length).Fill(level);
            }
        }
        return tensor(values, [count, Length]);
    }

    [Fact]
    public void Invalid_spec_names_every_problem()
    {
        var spec = new ArchitectureSpec { Name = "gru", WindowLength = 2, Activation = "gelu" };
        var error = Assert.Throws<ArgumentException>(() => spec.Build());
        Assert.Contains("arch", error.Message, StringComparison.Ordinal);
        Assert.Contains("window", error.Message, StringComparison.Ordinal);
        Assert.Contains("activation", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Vae_elbo_score_adds_the_kl_term_to_the_reconstruction_error()
    {
        var spec = new ArchitectureSpec { Name = ArchitectureSpec.Vae, WindowLength = Length, Beta = 1 };
        using var byError = spec.Build();
        using (var random = new Generator(5))
        {
            ParameterInitialisation.Reset(byError, random);
        }
        using var byElbo = (spec with { VaeScore = ArchitectureSpec.VaeScoreElbo }).Build();
        byElbo.load_state_dict(byError.state_dict());
        byError.eval();
        byElbo.eval();
        using var x = tensor(SyntheticWindows.Sines(8, Length, seed: 4), [8, Length]);
        using var scope = NewDisposeScope();
        var error = byError.Score(x, byError.forward(x)).data<float>().ToArray();
        var elbo = byElbo.Score(x, byElbo.forward(x)).data<float>().ToArray();
        Assert.All(error.Zip(elbo), pair => Assert.True(pair.Second > pair.First, $"{pair.Second} ≤ {pair.First}"));
    }
}
