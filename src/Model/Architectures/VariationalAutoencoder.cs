using TorchSharp;
using static TorchSharp.torch;

namespace StreamAe.Model.Architectures;

/// <summary>
/// A dense VAE: the encoder gives a Gaussian posterior (μ, log σ²) over the code, training samples it by
/// reparameterisation and adds β·KL(q‖N(0, I)). Only the training loss samples; forward decodes μ, so scores are deterministic.
/// Scored either by reconstruction error or by the negative ELBO (both per window element, comparable to the loss).
/// </summary>
public sealed class VariationalAutoencoder : AutoencoderModule
{
    private readonly nn.Module<Tensor, Tensor> encoder;
    private readonly nn.Module<Tensor, Tensor> mu;
    private readonly nn.Module<Tensor, Tensor> logVariance;
    private readonly nn.Module<Tensor, Tensor> decoder;
    private readonly double beta;
    private readonly bool scoreByElbo;

    public VariationalAutoencoder(ArchitectureSpec spec)
        : base("vae", spec.WindowLength, spec.Channels)
    {
        var input = spec.WindowLength * spec.Channels;
        var hiddenOut = spec.HiddenSizes.Count > 0 ? spec.HiddenSizes[^1] : input;
        encoder = DenseStack.Build([input, .. spec.HiddenSizes], spec.Activation, activateLast: true);
        mu = nn.Linear(hiddenOut, spec.CodeSize);
        logVariance = nn.Linear(hiddenOut, spec.CodeSize);
        decoder = DenseStack.Build(DenseStack.DecoderSizes(input, spec.HiddenSizes, spec.CodeSize), spec.Activation, activateLast: false);
        beta = spec.Beta;
        scoreByElbo = spec.VaeScore == ArchitectureSpec.VaeScoreElbo;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => decoder.forward(Posterior(x).Mean);

    public override Tensor TrainingLoss(Tensor x, Generator? random)
    {
        var (mean, logVar) = Posterior(x);
        var reconstruction = decoder.forward(training ? Sample(mean, logVar, TrainingNoise.Required(random)) : mean);
        return HeldScalars.Sum(nn.functional.mse_loss(reconstruction, x), HeldScalars.Times(KlPerElement(mean, logVar).mean(), beta));
    }

    public override Tensor Score(Tensor x, Tensor reconstruction)
    {
        var error = base.Score(x, reconstruction);
        if (!scoreByElbo)
        {
            return error;
        }
        var (mean, logVar) = Posterior(x);
        return HeldScalars.Sum(error, HeldScalars.Times(KlPerElement(mean, logVar), beta));
    }

    private (Tensor Mean, Tensor LogVar) Posterior(Tensor x)
    {
        var hidden = encoder.forward(x);
        return (mu.forward(hidden), logVariance.forward(hidden));
    }

    private static Tensor Sample(Tensor mean, Tensor logVar, Generator random) =>
        HeldScalars.Sum(mean, TrainingNoise.Normal(mean, random) * HeldScalars.Times(logVar, 0.5).exp());

    /// <summary>KL(q‖N(0, I)) of each window, divided by the window size so it weighs like the per-element MSE.</summary>
    private Tensor KlPerElement(Tensor mean, Tensor logVar) =>
        HeldScalars.Times((HeldScalars.Plus(logVar, 1) - HeldScalars.Squared(mean) - logVar.exp()).sum([1L]), -0.5 / InputSize);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            encoder.Dispose();
            mu.Dispose();
            logVariance.Dispose();
            decoder.Dispose();
        }
        base.Dispose(disposing);
    }
}
