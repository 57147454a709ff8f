using System.Globalization;
using StreamAe.Model.Data;
using StreamAe.Model.Scoring;

namespace StreamAe.Model.Jobs;

/// <summary>One window to score, as any source (UCR rows, the Detector's windower over a CSV series) yields it.</summary>
public sealed record ScoreInput(string Series, long Ts, float[] Window);

/// <summary>One scored window: a row of <c>series,ts,score,threshold,anomaly</c>.</summary>
public sealed record ScoreRow(string Series, long Ts, double Score, double Threshold, bool Anomaly);

/// <summary>
/// Offline scoring: windows in, rows out, in input order (never sorted or de-duplicated: timestamps may repeat or
/// step back). Windows are scored in batches; the input is consumed lazily, so any length of stream works.
/// </summary>
public static class ScoreJob
{
    public const string CsvHeader = "series,ts,score,threshold,anomaly";

    public static IEnumerable<ScoreRow> Score(BatchScorer scorer, IEnumerable<ScoreInput> windows, int batchSize = BatchScorerExtensions.DefaultBatch)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var size = scorer.WindowLength * scorer.Channels;
        var pending = new List<ScoreInput>(batchSize);
        var values = new float[batchSize * size];
        var scores = new float[batchSize];
        foreach (var window in windows)
        {
            if (window.Window.Length != size)
            {
                throw new ArgumentException($"Window of series '{window.Series}' at ts {window.Ts} has {window.Window.Length} values; " +
                    $"model '{scorer.ModelName}' expects {scorer.WindowLength}×{scorer.Channels} = {size}.");
            }
            window.Window.CopyTo(values, pending.Count * size);
            pending.Add(window);
            if (pending.Count == batchSize)
            {
                foreach (var row in Flush(scorer, pending, values, scores))
                {
                    yield return row;
                }
            }
        }
        foreach (var row in Flush(scorer, pending, values, scores))
        {
            yield return row;
        }
    }

    /// <summary>Writes the CSV header and one row a window; returns the number of rows.</summary>
    public static long WriteCsv(BatchScorer scorer, IEnumerable<ScoreInput> windows, TextWriter output, int batchSize = BatchScorerExtensions.DefaultBatch)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine(CsvHeader);
        long rows = 0;
        foreach (var row in Score(scorer, windows, batchSize))
        {
            output.Write(row.Series);
            output.Write(',');
            output.Write(row.Ts.ToString(CultureInfo.InvariantCulture));
            output.Write(',');
            output.Write(row.Score.ToString("R", CultureInfo.InvariantCulture));
            output.Write(',');
            output.Write(row.Threshold.ToString("R", CultureInfo.InvariantCulture));
            output.Write(',');
            output.WriteLine(row.Anomaly ? "true" : "false");
            rows++;
        }
        return rows;
    }

    /// <summary>UCR rows as windows of one series, ts = the 0-based row number.</summary>
    public static IEnumerable<ScoreInput> FromWindowSet(WindowSet data, string series)
    {
        ArgumentNullException.ThrowIfNull(data);
        for (var i = 0; i < data.Count; i++)
        {
            yield return new ScoreInput(series, i, data.Window(i).ToArray());
        }
    }

    /// <summary>Scores a labelled-window file into a CSV file; returns the number of rows.</summary>
    public static long Run(string modelPath, string dataPath, string format, string outputPath, ScorerOptions? options = null)
    {
        var data = DataFormats.Read(dataPath, format);
        using var scorer = BatchScorer.Load(modelPath, options);
        if (data.WindowLength != scorer.WindowLength || data.Channels != scorer.Channels)
        {
            throw new ArgumentException($"data: rows of '{dataPath}' have {data.WindowLength} values; model '{scorer.ModelName}' expects {scorer.WindowLength}.");
        }
        var directory = Path.GetDirectoryName(Path.GetFullPath(outputPath));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
        using var writer = new StreamWriter(outputPath);
        return WriteCsv(scorer, FromWindowSet(data, Path.GetFileNameWithoutExtension(dataPath)), writer);
    }

    private static IEnumerable<ScoreRow> Flush(BatchScorer scorer, List<ScoreInput> pending, float[] values, float[] scores)
    {
        if (pending.Count == 0)
        {
            return [];
        }
        scorer.Score(values, pending.Count, scores);
        var rows = new ScoreRow[pending.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = new ScoreRow(pending[i].Series, pending[i].Ts, scores[i], scorer.Threshold, scores[i] > scorer.Threshold);
        }
        pending.Clear();
        return rows;
    }
}
