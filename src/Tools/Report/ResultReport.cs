using StreamAe.Sink.Points;

namespace StreamAe.Tools.Report;

/// <summary>Where a report's results come from: a file sink output (line protocol or JSON lines, by extension), a
/// <c>score</c> CSV, or an InfluxDB database.</summary>
public sealed record ReportInput(IReadOnlyList<string> Files, Uri? InfluxUrl, string Database, string? Token, string? Since,
    TimestampPrecision Precision, TimeSpan Timeout);

/// <summary>Reads the results, ranks the series and writes <c>index.html</c> (and a PNG per charted series) into a
/// directory.</summary>
public static class ResultReport
{
    public static async Task<ResultSet> ReadAsync(ReportInput input, CancellationToken ct)
    {
        if (input.InfluxUrl is { } url)
        {
            var fromInflux = new ResultSet($"InfluxDB {url} database {input.Database}");
            await new InfluxResults(url, input.Database, input.Token, input.Timeout).ReadAsync(fromInflux, input.Since, ct).ConfigureAwait(false);
            return fromInflux;
        }
        var results = new ResultSet(string.Join(", ", input.Files.Select(Path.GetFullPath)));
        foreach (var file in input.Files)
        {
            using var reader = new StreamReader(file);
            switch (Kind(file))
            {
                case ".jsonl":
                    JsonLinesResults.Read(reader, results, input.Precision);
                    break;
                case ".csv":
                    ScoreCsvResults.Read(reader, results, Path.GetFileNameWithoutExtension(file));
                    break;
                default:
                    LineProtocolResults.Read(reader, results, input.Precision);
                    break;
            }
        }
        return results;
    }

    /// <summary>The extension that says the format; a rotated file (<c>out.lp.3</c>) counts as its live file's.</summary>
    internal static string Kind(string file)
    {
        var name = Path.GetFileName(file);
        var extension = Path.GetExtension(name);
        if (extension.Length > 1 && extension[1..].All(char.IsAsciiDigit))
        {
            extension = Path.GetExtension(Path.GetFileNameWithoutExtension(name));
        }
        return extension.ToLowerInvariant();
    }

    public static string Write(ResultSet results, string directory, int charts, bool pngs)
    {
        Directory.CreateDirectory(directory);
        var ranked = SeriesReport.Rank(results);
        var page = Path.Combine(directory, "index.html");
        File.WriteAllText(page, HtmlReport.Render(results, ranked, charts, DateTimeOffset.UtcNow));
        if (pngs)
        {
            ReportPngs.Write(directory, ranked.Take(charts).Where(s => s.Scores.Count > 0), results.EpochTime);
        }
        return page;
    }
}
