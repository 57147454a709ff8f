using System.Globalization;

namespace StreamAe.Ingest.Files;

/// <summary>How one CSV cell reads: a number, missing (empty, NaN or infinity), or text. Always the invariant culture.</summary>
internal static class CsvCell
{
    private static readonly string[] NonFiniteSpellings = ["nan", "inf", "infinity", "-inf", "-infinity", "+inf", "+infinity"];

    /// <summary>A finite value; false for a missing cell and for text (tell them apart with <see cref="IsText"/>).</summary>
    public static bool TryParseValue(string cell, out float value)
    {
        value = 0;
        return double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            && float.IsFinite(value = (float)number);
    }

    /// <summary>True for a cell that is neither a number nor missing, e.g. a status word or an id.</summary>
    public static bool IsText(string cell) =>
        cell.Length > 0
        && !double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
        && !NonFiniteSpellings.Contains(cell, StringComparer.OrdinalIgnoreCase);

    /// <summary>1/true = anomalous; anything else (0, false, empty) is normal.</summary>
    public static bool ParseLabel(string cell) =>
        bool.TryParse(cell, out var flag) ? flag
        : double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number == 1;
}
