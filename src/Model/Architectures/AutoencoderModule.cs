using TorchSharp;
using static TorchSharp.torch;

namespace StreamAe.Model.Architectures;

/// <summary>
/// What every architecture offers the trainer and the scorer. Input and output are flat windows,
/// batch × (W·C) in sample-major order; an architecture that needs another layout reshapes inside.
/// </summary>
public abstract class AutoencoderModule : nn.Module<Tensor, Tensor>
{
    protected AutoencoderModule(string name, int windowLength, int channels)
        : base(name)
    {
        WindowLength = windowLength;
        Channels = channels;
    }

    public int WindowLength { get; }

    public int Channels { get; }

    public int InputSize => WindowLength * Channels;

    /// <summary>The objective minimised in training, including any extra term (KL, L1); the mean over the batch.
    /// In training mode its random draws (noise, sampling) come from <paramref name="random"/>, the training's own
    /// generator; evaluation mode draws nothing and may pass null.</summary>
    public virtual Tensor TrainingLoss(Tensor x, Generator? random) => nn.functional.mse_loss(forward(x), x);

    /// <summary>One score per window: the mean squared reconstruction error unless the architecture says otherwise.</summary>
    public virtual Tensor Score(Tensor x, Tensor reconstruction) => HeldScalars.Squared(reconstruction - x).mean([1L]);

    /// <summary>True when the model is fitted in closed form (<see cref="FitClosedForm"/>) instead of by gradient steps.</summary>
    public virtual bool IsClosedForm => false;

    public virtual void FitClosedForm(Tensor x) =>
        throw new InvalidOperationException($"{GetName()} is trained by gradient descent, not in closed form.");
}
