using StreamAe.Model.Architectures;
using TorchSharp;
using static TorchSharp.torch;

namespace StreamAe.Model.Tests.Architectures;

/// <summary>A linear autoencoder trained with MSE spans the principal subspace; PCA must find the same one.</summary>
public sealed class PcaSubspaceTests
{
    private const int Dimension = 12;
    private const int Rank = 3;

    [Fact]
    public void Pca_and_a_trained_linear_autoencoder_span_the_same_subspace()
    {
        torch.set_num_threads(1); // tiny matrices: a second OpenMP thread only adds contention
        using var random = new Generator(17);
        using var scope = NewDisposeScope();
        var latent = randn(400, Rank, generator: random) * tensor(new float[] { 3f, 2f, 1.5f });
        var data = latent.matmul(randn(Rank, Dimension, generator: random)) + randn(400, Dimension, generator: random) * 0.01f + 0.5f;

        using var pca = new PcaModel(new ArchitectureSpec { Name = ArchitectureSpec.Pca, WindowLength = Dimension, PcaComponents = Rank });
        pca.FitClosedForm(data);
        var pcaProjection = Projection(pca.Components);

        var centred = data - data.mean([0L]);
        using var encoder = nn.Linear(Dimension, Rank, hasBias: false);
        using var decoder = nn.Linear(Rank, Dimension, hasBias: false);
        ParameterInitialisation.Reset(encoder, random);
        ParameterInitialisation.Reset(decoder, random);
        using var optimizer = optim.Adam([.. encoder.parameters(), .. decoder.parameters()], 0.03);
        for (var step = 0; step < 800; step++)
        {
            using var stepScope = NewDisposeScope();
            optimizer.zero_grad();
            nn.functional.mse_loss(decoder.forward(encoder.forward(centred)), centred).backward();
            optimizer.step();
        }
        var autoencoderProjection = Projection(decoder.weight!.detach());

        var distance = (pcaProjection - autoencoderProjection).norm().item<float>();
        Assert.True(distance < 0.05f, $"‖P_pca − P_ae‖_F = {distance}");
        var identity = eye(Dimension);
        Assert.True((pcaProjection - identity).norm().item<float>() > 1f, "the test subspace must be a proper subspace");
    }

    /// <summary>Orthogonal projection onto the column space of <paramref name="basis"/> (D × k).</summary>
    private static Tensor Projection(Tensor basis) => basis.matmul(linalg.pinv(basis));
}
