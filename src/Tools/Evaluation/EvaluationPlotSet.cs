using System.Globalization;
using StreamAe.Model.Data;
using StreamAe.Model.Scoring;

namespace StreamAe.Tools.Evaluation;

/// <summary>Writes the evaluation PNGs into one directory and returns their paths.</summary>
internal static class EvaluationPlotSet
{
    public static IReadOnlyList<string> Write(string directory, BatchScorer scorer, WindowSet data, double[] scores, bool[] anomalous)
    {
        var report = Metrics.Evaluate(scores, anomalous, scorer.Threshold);
        var histogram = Path.Combine(directory, "error-histogram.png");
        var roc = Path.Combine(directory, "roc.png");
        var pr = Path.Combine(directory, "precision-recall.png");
        var confusion = Path.Combine(directory, "confusion-matrix.png");
        var examples = Path.Combine(directory, "example-windows.png");
        EvaluationPlots.ErrorHistogram(histogram, scores, anomalous, scorer.Threshold);
        EvaluationPlots.ConfusionMatrix(confusion, report);
        List<string> written = [histogram, confusion];
        if (report.NNormal > 0 && report.NAnomalous > 0)
        {
            EvaluationPlots.Roc(roc, scores, anomalous);
            EvaluationPlots.PrecisionRecall(pr, scores, anomalous);
            written.AddRange([roc, pr]);
        }
        EvaluationPlots.ExampleWindows(examples, Examples(scorer, data, scores, anomalous));
        written.Add(examples);
        return written;
    }

    /// <summary>A typical and an extreme window of each class: median normal, highest normal, median anomalous, lowest anomalous.</summary>
    private static List<(string Title, float[] Original, float[] Reconstruction)> Examples(BatchScorer scorer, WindowSet data, double[] scores, bool[] anomalous)
    {
        var picks = new List<(string Label, int Index)>();
        foreach (var (isAnomalous, name) in new[] { (false, "normal"), (true, "anomalous") })
        {
            var rows = Enumerable.Range(0, data.Count).Where(i => anomalous[i] == isAnomalous).OrderBy(i => scores[i]).ToArray();
            if (rows.Length == 0)
            {
                continue;
            }
            picks.Add(($"typical {name}", rows[rows.Length / 2]));
            picks.Add((isAnomalous ? $"lowest-scoring {name}" : $"highest-scoring {name}", isAnomalous ? rows[0] : rows[^1]));
        }
        var result = new List<(string, float[], float[])>();
        var score = new float[1];
        foreach (var (label, index) in picks)
        {
            var original = data.Window(index).ToArray();
            var reconstruction = new float[original.Length];
            scorer.Score(original, 1, score, reconstruction);
            var title = string.Create(CultureInfo.InvariantCulture, $"{label}\nrow {index} · score {score[0]:G4}");
            result.Add((title, original, reconstruction));
        }
        return result;
    }
}
