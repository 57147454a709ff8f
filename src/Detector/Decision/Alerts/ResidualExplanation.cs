using System.Globalization;
using System.Text;
using StreamAe.Contracts;

namespace StreamAe.Detector.Decision.Alerts;

/// <summary>Names the samples (and channels) of a window that the model reconstructed worst.</summary>
public static class ResidualExplanation
{
    public static string? Describe(ScoredWindow scored, int samples)
    {
        if (scored.Reconstruction is not { } reconstruction)
        {
            return null;
        }
        var values = scored.Window.Values;
        var channels = scored.Window.Channels;
        var worst = Enumerable.Range(0, values.Length)
            .Select(i => (Index: i, Residual: values[i] - reconstruction[i]))
            .OrderByDescending(r => Math.Abs(r.Residual))
            .Take(samples);
        var text = new StringBuilder();
        foreach (var (index, residual) in worst)
        {
            text.Append(text.Length == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"sample {index / channels}");
            if (channels > 1)
            {
                text.Append(CultureInfo.InvariantCulture, $" channel {index % channels}");
            }
            text.Append(CultureInfo.InvariantCulture, $" ({residual:+0.###;-0.###})");
        }
        return text.ToString();
    }
}
