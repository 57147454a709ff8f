using System.Globalization;

namespace StreamAe.Tools.Replay;

/// <summary>One row of a UCR archive file: the class label, then the series values.</summary>
public readonly record struct UcrRow(int Label, float[] Values);

/// <summary>Reads UCR archive text/tsv files (label first, then W values; tabs, commas or spaces between).</summary>
public static class UcrFile
{
    private static readonly char[] Separators = ['\t', ',', ' '];

    public static IEnumerable<UcrRow> Read(TextReader reader)
    {
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            var cells = line.Split(Separators, StringSplitOptions.RemoveEmptyEntries);
            if (cells.Length == 0)
            {
                continue;
            }
            if (cells.Length < 2
                || !double.TryParse(cells[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var label))
            {
                throw new InvalidDataException($"UCR line {lineNumber}: expected a label followed by values.");
            }
            var values = new float[cells.Length - 1];
            for (var i = 0; i < values.Length; i++)
            {
                if (!float.TryParse(cells[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
                {
                    throw new InvalidDataException($"UCR line {lineNumber}: '{cells[i + 1]}' is not a number.");
                }
            }
            yield return new UcrRow((int)label, values);
        }
    }
}
