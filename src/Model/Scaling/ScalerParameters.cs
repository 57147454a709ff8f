namespace StreamAe.Model.Scaling;

/// <summary>
/// How windows are scaled before the network sees them, with per-channel parameters fitted on the training
/// windows and stored in the model file. <c>window-z</c> needs no fitted parameters: each window is z-normalised
/// on its own (per channel).
/// </summary>
public sealed record ScalerParameters(string Kind, float[] Offset, float[] Scale)
{
    public const string None = "none";
    public const string WindowZ = "window-z";
    public const string Standard = "standard";
    public const string MinMax = "minmax";

    /// <summary>Floor for a divisor, so a flat channel or window does not blow up.</summary>
    public const float MinimumScale = 1e-6f;

    public static readonly IReadOnlyList<string> Kinds = [None, WindowZ, Standard, MinMax];

    /// <summary>Fits per-channel parameters on <paramref name="count"/> windows of W × C sample-major values.</summary>
    public static ScalerParameters Fit(string kind, ReadOnlySpan<float> windows, int count, int windowLength, int channels)
    {
        if (!Kinds.Contains(kind))
        {
            throw new ArgumentException($"Unknown scaling '{kind}'; use one of {string.Join(", ", Kinds)}.", nameof(kind));
        }
        if (windows.Length != count * windowLength * channels)
        {
            throw new ArgumentException($"Expected {count}×{windowLength}×{channels} values, got {windows.Length}.", nameof(windows));
        }
        var offset = new float[channels];
        var scale = new float[channels];
        Array.Fill(scale, 1f);
        if (kind is Standard or MinMax && count > 0)
        {
            for (var c = 0; c < channels; c++)
            {
                var (a, b) = kind == Standard ? MeanStd(windows, channels, c) : MinRange(windows, channels, c);
                offset[c] = (float)a;
                scale[c] = (float)Math.Max(b, MinimumScale);
            }
        }
        return new ScalerParameters(kind, offset, scale);
    }

    private static (double Mean, double Std) MeanStd(ReadOnlySpan<float> values, int channels, int channel)
    {
        double sum = 0, sumSquares = 0;
        long n = 0;
        for (var i = channel; i < values.Length; i += channels)
        {
            sum += values[i];
            sumSquares += (double)values[i] * values[i];
            n++;
        }
        var mean = sum / n;
        return (mean, Math.Sqrt(Math.Max(0, sumSquares / n - mean * mean)));
    }

    private static (double Min, double Range) MinRange(ReadOnlySpan<float> values, int channels, int channel)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        for (var i = channel; i < values.Length; i += channels)
        {
            min = Math.Min(min, values[i]);
            max = Math.Max(max, values[i]);
        }
        return (min, max - min);
    }
}
