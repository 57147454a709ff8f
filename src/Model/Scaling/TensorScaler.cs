using StreamAe.Model.Architectures;
using static TorchSharp.torch;

namespace StreamAe.Model.Scaling;

/// <summary>Applies <see cref="ScalerParameters"/> to batches of flat windows (batch × W·C) on one device.</summary>
public sealed class TensorScaler : IDisposable
{
    private readonly string kind;
    private readonly int windowLength;
    private readonly int channels;
    private readonly Tensor? offset;
    private readonly Tensor? scale;

    public TensorScaler(ScalerParameters parameters, int windowLength, int channels, Device device)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Offset.Length != channels || parameters.Scale.Length != channels)
        {
            throw new ArgumentException(
                $"Scaler has {parameters.Offset.Length} offsets and {parameters.Scale.Length} scales for {channels} channels.");
        }
        kind = parameters.Kind;
        this.windowLength = windowLength;
        this.channels = channels;
        if (kind is ScalerParameters.Standard or ScalerParameters.MinMax)
        {
            // Per column of the flat window: column j belongs to channel j mod C.
            offset = PerColumn(parameters.Offset, device);
            scale = PerColumn(parameters.Scale, device);
        }
    }

    public Tensor Forward(Tensor x)
    {
        if (offset is not null)
        {
            return (x - offset) / scale!;
        }
        if (kind == ScalerParameters.WindowZ)
        {
            var (mean, std) = WindowMoments(x);
            return ((x.view(x.shape[0], windowLength, channels) - mean) / std).view(x.shape[0], -1);
        }
        return x;
    }

    /// <summary>
    /// Scales <paramref name="x"/> in place when the scaling is per column (standard, min-max): no new tensor, which
    /// matters for large batches where every fresh multi-MB tensor costs page faults (docs/BENCHMARKS.md, "Scoring").
    /// Returns the scaled tensor (a new one for window-z).
    /// </summary>
    public Tensor ForwardInPlace(Tensor x) => offset is not null ? x.sub_(offset).div_(scale!) : Forward(x);

    /// <summary>Maps a scaled reconstruction back to data units; <paramref name="original"/> is the unscaled input.</summary>
    public Tensor Inverse(Tensor scaled, Tensor original)
    {
        if (offset is not null)
        {
            return HeldScalars.Sum(scaled * scale!, offset);
        }
        if (kind == ScalerParameters.WindowZ)
        {
            var (mean, std) = WindowMoments(original);
            return HeldScalars.Sum(scaled.view(scaled.shape[0], windowLength, channels) * std, mean).view(scaled.shape[0], -1);
        }
        return scaled;
    }

    private (Tensor Mean, Tensor Std) WindowMoments(Tensor x)
    {
        var shaped = x.view(x.shape[0], windowLength, channels);
        var mean = shaped.mean([1L], keepdim: true);
        var variance = HeldScalars.Squared(shaped - mean).mean([1L], keepdim: true);
        var std = HeldScalars.AtLeast(variance.sqrt(), ScalerParameters.MinimumScale);
        return (mean, std);
    }

    private Tensor PerColumn(float[] perChannel, Device device)
    {
        var columns = new float[windowLength * channels];
        for (var j = 0; j < columns.Length; j++)
        {
            columns[j] = perChannel[j % channels];
        }
        return tensor(columns, device: device).DetachFromDisposeScope();
    }

    public void Dispose()
    {
        offset?.Dispose();
        scale?.Dispose();
    }
}
