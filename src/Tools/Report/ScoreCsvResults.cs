using System.Globalization;
using StreamAe.Ingest.Files;

namespace StreamAe.Tools.Report;

/// <summary>Reads a <c>streamae score</c> CSV: <c>series,ts,score,threshold,anomaly</c>, with
/// <c>calibrated_score</c> where the file has that column (columns are found by name, so either layout reads); a quoted
/// series id (RFC 4180) may hold commas and quotes.</summary>
internal static class ScoreCsvResults
{
    private static readonly string[] Required = ["series", "ts", "score", "threshold", "anomaly"];

    public static void Read(TextReader reader, ResultSet into, string model)
    {
        var splitter = new CsvFieldSplitter();
        var header = reader.ReadLine() is { } first ? splitter.Split(first, ',').ToArray() : [];
        var missing = Required.Where(name => !header.Contains(name)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidDataException($"{into.Source}: not a score CSV, the header lacks {string.Join(", ", missing)} " +
                $"(expected {string.Join(",", Required)}).");
        }
        int Column(string name) => Array.IndexOf(header, name);
        var (series, ts, score, threshold, anomaly, calibrated) =
            (Column("series"), Column("ts"), Column("score"), Column("threshold"), Column("anomaly"), Column("calibrated_score"));
        string? line;
        var number = 1;
        while ((line = reader.ReadLine()) != null)
        {
            number++;
            if (line.Length == 0)
            {
                continue;
            }
            var cells = splitter.Split(line, ',');
            if (cells.Count != header.Length)
            {
                throw new InvalidDataException($"{into.Source}, line {number}: {cells.Count} columns, the header has {header.Length}.");
            }
            try
            {
                into.Scores.Add(new ScorePoint(cells[series], model, long.Parse(cells[ts], CultureInfo.InvariantCulture),
                    double.Parse(cells[score], CultureInfo.InvariantCulture), double.Parse(cells[threshold], CultureInfo.InvariantCulture),
                    calibrated >= 0 ? double.Parse(cells[calibrated], CultureInfo.InvariantCulture) : null, bool.Parse(cells[anomaly])));
            }
            catch (FormatException e)
            {
                throw new InvalidDataException($"{into.Source}, line {number}: {e.Message}");
            }
        }
    }
}
