using System.Buffers.Binary;
using StreamAe.Tools.Evaluation;

namespace StreamAe.Model.Tests.Evaluation;

public sealed class EvaluationPlotsTests : IDisposable
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "streamae-plots-" + Guid.NewGuid().ToString("N"));
    private readonly double[] _scores;
    private readonly bool[] _labels;

    public EvaluationPlotsTests()
    {
        var random = new Random(71);
        _labels = Enumerable.Range(0, 600).Select(i => i % 5 == 0).ToArray();
        _scores = _labels.Select(a => Math.Abs(a ? 0.6 + 0.3 * Normal(random) : 0.2 + 0.1 * Normal(random))).ToArray();
    }

    [Fact]
    public void Error_histogram_is_a_png_of_the_requested_size()
    {
        var path = Path.Combine(_directory, "errors.png");

        EvaluationPlots.ErrorHistogram(path, _scores, _labels, threshold: 0.45);

        AssertPng(path, EvaluationPlots.Width, EvaluationPlots.Height);
    }

    [Fact]
    public void Roc_and_precision_recall_are_pngs()
    {
        var roc = Path.Combine(_directory, "roc.png");
        var pr = Path.Combine(_directory, "pr.png");

        EvaluationPlots.Roc(roc, _scores, _labels);
        EvaluationPlots.PrecisionRecall(pr, _scores, _labels);

        AssertPng(roc, EvaluationPlots.Width, EvaluationPlots.Height);
        AssertPng(pr, EvaluationPlots.Width, EvaluationPlots.Height);
    }

    [Fact]
    public void Curves_of_a_single_class_still_render_a_note()
    {
        var path = Path.Combine(_directory, "roc-one-class.png");
        var allNormal = new bool[_scores.Length];

        EvaluationPlots.Roc(path, _scores, allNormal);
        EvaluationPlots.PrecisionRecall(Path.Combine(_directory, "pr-one-class.png"), _scores, allNormal);

        AssertPng(path, EvaluationPlots.Width, EvaluationPlots.Height);
    }

    [Fact]
    public void Confusion_matrix_is_a_png()
    {
        var path = Path.Combine(_directory, "confusion.png");

        EvaluationPlots.ConfusionMatrix(path, Metrics.Evaluate(_scores, _labels, 0.45));

        AssertPng(path, EvaluationPlots.Height + 50, EvaluationPlots.Height);
    }

    [Fact]
    public void Example_windows_are_laid_out_in_a_grid()
    {
        var path = Path.Combine(_directory, "examples.png");
        var examples = Enumerable.Range(0, 6)
            .Select(k => (
                Title: $"window {k}",
                Original: Enumerable.Range(0, 140).Select(i => (float)Math.Sin(i / 10.0 + k)).ToArray(),
                Reconstruction: Enumerable.Range(0, 140).Select(i => (float)(0.9 * Math.Sin(i / 10.0 + k))).ToArray()))
            .ToList();

        EvaluationPlots.ExampleWindows(path, examples);

        AssertPng(path, 4 * EvaluationPlots.ExamplePanelWidth, 2 * EvaluationPlots.ExamplePanelHeight);
        Assert.Throws<ArgumentException>(() => EvaluationPlots.ExampleWindows(path, []));
    }

    [Fact]
    public void Example_titles_fit_their_panels_shrinking_then_shortening_what_is_too_long()
    {
        string[] titles = ["highest-scoring normal\nrow 4321 · score 0.123457", "lowest-scoring anomalous\nrow 12 · score 1.5", new string('w', 120)];
        const int panel = EvaluationPlots.ExamplePanelWidth;

        var size = PlotTitles.FittingSize(titles[..2], panel, 12);
        Assert.Equal(12, size); // the evaluation's own titles fit at the preferred size
        var tooLong = PlotTitles.Fit(titles[2], panel, PlotTitles.SmallestSize);

        Assert.EndsWith("…", tooLong);
        Assert.True(PlotTitles.Width(tooLong, PlotTitles.SmallestSize) <= PlotTitles.Room(panel), "the shortened title is wider than its panel");
        Assert.All(titles[..2].SelectMany(t => PlotTitles.Fit(t, panel, size).Split('\n')),
            line => Assert.True(PlotTitles.Width(line, size) <= PlotTitles.Room(panel), $"'{line}' is wider than its panel"));
        Assert.Equal(PlotTitles.SmallestSize, PlotTitles.FittingSize(titles, panel, 12));
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static void AssertPng(string path, int width, int height)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 5_000, $"{path} has only {bytes.Length} bytes");
        Assert.Equal(PngSignature, bytes[..8]);
        // The first chunk is IHDR: width and height as big-endian integers.
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        Assert.Equal(width, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)));
        Assert.Equal(height, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
