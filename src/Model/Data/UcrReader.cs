using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace StreamAe.Model.Data;

/// <summary>
/// Reads the UCR archive layout: one window a line, the class label first, then W values; fields separated by
/// tabs, commas or spaces; numbers in the invariant culture, exponents allowed (<c>-6.0685538e-05</c>).
/// </summary>
public static class UcrReader
{
    private static readonly char[] Separators = ['\t', ',', ' '];

    public static WindowSet Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"UCR data file '{path}' does not exist.", path);
        }
        var bytes = File.ReadAllBytes(path);
        return Parse(Encoding.UTF8.GetString(bytes), Convert.ToHexStringLower(SHA256.HashData(bytes)), path);
    }

    /// <summary>Parses UCR text; <paramref name="source"/> names the input in error messages.</summary>
    public static WindowSet Parse(string text, string sha256, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var labels = new List<double>();
        var values = new List<float>();
        var windowLength = -1;
        var lineNumber = 0;
        foreach (var rawLine in text.AsSpan().EnumerateLines())
        {
            lineNumber++;
            var line = rawLine.Trim();
            if (line.IsEmpty)
            {
                continue;
            }
            var fields = 0;
            foreach (var range in line.SplitAny(Separators))
            {
                var field = line[range];
                if (field.IsEmpty)
                {
                    continue; // runs of spaces
                }
                if (!double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
                {
                    throw new FormatException($"{source}:{lineNumber}: field {fields + 1} '{field}' is not a finite number.");
                }
                if (fields == 0)
                {
                    labels.Add(number);
                }
                else
                {
                    values.Add((float)number);
                }
                fields++;
            }
            var length = fields - 1;
            if (windowLength < 0)
            {
                windowLength = length;
                if (windowLength < 1)
                {
                    throw new FormatException($"{source}:{lineNumber}: a row needs a label and at least one value.");
                }
            }
            else if (length != windowLength)
            {
                throw new FormatException($"{source}:{lineNumber}: row has {length} values, earlier rows have {windowLength}.");
            }
        }
        if (labels.Count == 0)
        {
            throw new FormatException($"{source}: no rows.");
        }
        return new WindowSet(values.ToArray(), labels.ToArray(), windowLength, channels: 1, sha256);
    }
}
