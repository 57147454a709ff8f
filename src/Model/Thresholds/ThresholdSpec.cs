using System.Globalization;

namespace StreamAe.Model.Thresholds;

/// <summary>
/// How a decision threshold is fitted, as written on the command line and stored in the model file:
/// <c>meansd[:k]</c>, <c>percentile:p</c>, <c>max</c>, <c>bestf1</c>, <c>pot[:q]</c>.
/// A score strictly above the threshold is anomalous.
/// </summary>
public sealed record ThresholdSpec(string Method, double Parameter)
{
    public const string MeanSd = "meansd";
    public const string Percentile = "percentile";
    public const string Max = "max";
    public const string BestF1 = "bestf1";
    public const string Pot = "pot";

    public const double DefaultSigmas = 1.0;
    public const double DefaultPotRisk = 1e-3;

    public const string ValidForms =
        "meansd[:k] (mean + k·σ, k ≥ 0, default 1), percentile:p (0 < p ≤ 100), max, bestf1, pot[:q] (0 < q < 1, default 1e-3)";

    public static ThresholdSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
        var method = (colon < 0 ? trimmed : trimmed[..colon]).Trim().ToLowerInvariant();
        var argument = colon < 0 ? null : trimmed[(colon + 1)..].Trim();

        return method switch
        {
            MeanSd => Create(MeanSd, argument is null ? DefaultSigmas : ParseNumber(text, argument)),
            Percentile => Create(Percentile, argument is null
                ? throw new FormatException($"Threshold '{text}': percentile needs a value, e.g. percentile:99.5. Valid forms: {ValidForms}.")
                : ParseNumber(text, argument)),
            Max => Create(Max, NoArgument(text, argument)),
            BestF1 => Create(BestF1, NoArgument(text, argument)),
            Pot => Create(Pot, argument is null ? DefaultPotRisk : ParseNumber(text, argument)),
            _ => throw new FormatException($"Unknown threshold method in '{text}'. Valid forms: {ValidForms}."),
        };
    }

    public static bool TryParse(string text, out ThresholdSpec? spec)
    {
        try
        {
            spec = Parse(text);
            return true;
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            spec = null;
            return false;
        }
    }

    /// <summary>Checks the parameter against the method's range; throws ArgumentException naming the valid forms.</summary>
    public static ThresholdSpec Create(string method, double parameter)
    {
        ArgumentNullException.ThrowIfNull(method);
        var valid = method switch
        {
            MeanSd => double.IsFinite(parameter) && parameter >= 0,
            Percentile => parameter > 0 && parameter <= 100,
            Max or BestF1 => parameter == 0,
            Pot => parameter > 0 && parameter < 1,
            _ => throw new ArgumentException($"Unknown threshold method '{method}'. Valid forms: {ValidForms}.", nameof(method)),
        };
        if (!valid)
        {
            throw new ArgumentException(
                $"Threshold method '{method}' does not accept parameter {parameter.ToString("R", CultureInfo.InvariantCulture)}. Valid forms: {ValidForms}.",
                nameof(parameter));
        }
        return new ThresholdSpec(method, parameter);
    }

    public override string ToString() => Method switch
    {
        Max or BestF1 => Method,
        _ => Method + ":" + Parameter.ToString("R", CultureInfo.InvariantCulture),
    };

    private static double ParseNumber(string text, string argument)
    {
        if (double.TryParse(argument, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        throw new FormatException($"Threshold '{text}': '{argument}' is not a number. Valid forms: {ValidForms}.");
    }

    private static double NoArgument(string text, string? argument) => argument is null
        ? 0
        : throw new FormatException($"Threshold '{text}' takes no parameter. Valid forms: {ValidForms}.");
}
