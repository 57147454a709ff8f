using System.Buffers.Binary;
using StreamAe.Tools.Evaluation;

namespace StreamAe.Model.Tests.Evaluation;

public sealed class TimelinePlotTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "streamae-timeline-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Timeline_is_a_png_of_the_timeline_size_with_real_content()
    {
        const int count = 300;
        var random = new Random(5);
        var anomalous = Enumerable.Range(0, count).Select(i => i is >= 120 and < 150 || i == 220).ToArray();
        var scores = anomalous.Select(a => (a ? 2.0 : 0.5) + 0.2 * random.NextDouble()).ToArray();
        var thresholds = Enumerable.Range(0, count).Select(i => 1.0 + 0.001 * i).ToArray();
        var calibrated = scores.Select(s => Math.Clamp(s / 2.5, 0, 1)).ToArray();
        var flagged = scores.Zip(thresholds, (s, t) => s > t).ToArray();
        var path = Path.Combine(_directory, "timeline.png");

        EvaluationPlots.Timeline(path, "synthetic series · dense · decisions over time", scores, thresholds, calibrated, anomalous, flagged);

        var png = File.ReadAllBytes(path);
        Assert.Equal([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], png[..8]);
        Assert.Equal(EvaluationPlots.TimelineWidth, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)));
        Assert.Equal(EvaluationPlots.TimelineHeight, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));
        // A blank canvas of this size compresses to a few kB; two panels of lines, spans and markers do not.
        Assert.True(png.Length > 30_000, $"only {png.Length} bytes");
    }

    [Fact]
    public void Timeline_rejects_arrays_that_do_not_pair_up()
    {
        var path = Path.Combine(_directory, "bad.png");

        Assert.Throws<ArgumentException>(() => EvaluationPlots.Timeline(path, "t", [1.0, 2], [1.0], [0.5, 0.5], [false, true], [false, true]));
        Assert.False(File.Exists(path));
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
