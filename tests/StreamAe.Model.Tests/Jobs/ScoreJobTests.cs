using System.Globalization;
using StreamAe.Model.Jobs;
using StreamAe.Model.Scoring;
using StreamAe.Model.Tests.Support;

namespace StreamAe.Model.Tests.Jobs;

public sealed class ScoreJobTests : IDisposable
{
    private readonly TempDirectory temp = new();

    [Fact]
    public void Rows_keep_input_order_even_when_timestamps_repeat_or_step_back()
    {
        var model = temp.File("m.streamae");
        TinyModels.TrainedCopy(model);
        using var scorer = BatchScorer.Load(model, new ScorerOptions { Device = "cpu" });
        long[] times = [5, 5, 3, 9, 1, 1, 7];
        var inputs = times.Select((ts, i) => new ScoreInput(i % 2 == 0 ? "a" : "b", ts, TinyModels.Data.Window(i * 13).ToArray())).ToList();

        var rows = ScoreJob.Score(scorer, inputs, batchSize: 3).ToList();

        Assert.Equal(times, rows.Select(r => r.Ts));
        Assert.Equal(inputs.Select(i => i.Series), rows.Select(r => r.Series));
        var expected = scorer.ScoreAll(TinyModels.Data.Gather([.. Enumerable.Range(0, times.Length).Select(i => i * 13)]), times.Length);
        // Batches of 3 against one batch of 7: BLAS may sum in another order, so equal to float precision.
        Assert.Equal(expected, rows.Select(r => r.Score), (a, b) => Math.Abs(a - b) <= 1e-5 * Math.Max(1, Math.Abs(a)));
        Assert.All(rows, r => Assert.Equal(r.Score > scorer.Threshold, r.Anomaly));
    }

    [Fact]
    public void Ucr_file_scores_to_csv_with_one_row_a_window()
    {
        var model = temp.File("m.streamae");
        TinyModels.TrainedCopy(model);
        var data = SyntheticWindows.WriteUcr(TinyModels.Data, temp.File("beats.tsv"));
        var output = temp.File("out/scores.csv");

        var written = ScoreJob.Run(model, data, DataFormats.Ucr, output, new ScorerOptions { Device = "cpu" });

        var lines = File.ReadAllLines(output);
        Assert.Equal(TinyModels.Data.Count, written);
        Assert.Equal(ScoreJob.CsvHeader, lines[0]);
        Assert.Equal(TinyModels.Data.Count + 1, lines.Length);
        var anomalies = 0;
        for (var i = 1; i < lines.Length; i++)
        {
            var fields = lines[i].Split(',');
            Assert.Equal("beats", fields[0]);
            Assert.Equal(i - 1, long.Parse(fields[1], CultureInfo.InvariantCulture));
            var score = double.Parse(fields[2], CultureInfo.InvariantCulture);
            var threshold = double.Parse(fields[3], CultureInfo.InvariantCulture);
            Assert.Equal(score > threshold, bool.Parse(fields[4]));
            anomalies += TinyModels.Data.Labels[i - 1] != 1 && score > threshold ? 1 : 0;
        }
        Assert.True(anomalies >= 15, $"only {anomalies} of 20 spiky windows flagged");
    }

    [Fact]
    public void Window_of_the_wrong_length_is_rejected_with_its_series_and_time()
    {
        var model = temp.File("m.streamae");
        TinyModels.TrainedCopy(model);
        using var scorer = BatchScorer.Load(model, new ScorerOptions { Device = "cpu" });
        var error = Assert.Throws<ArgumentException>(() => ScoreJob.Score(scorer, [new ScoreInput("s1", 42, new float[3])]).ToList());
        Assert.Contains("'s1' at ts 42", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => temp.Dispose();
}
