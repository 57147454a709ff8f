using System.Text.RegularExpressions;
using SkiaSharp;
using StreamAe.Tools.Report;

namespace StreamAe.Detector.Tests.Report;

/// <summary>The report page as a browser shows it: rendered by headless Chromium, the screenshot holds the charts'
/// colours and the parsed page holds every point, anomaly and alert of each series.</summary>
public sealed partial class ReportPageRenderTests : IDisposable
{
    private const long T0 = 1_764_000_000_000;
    private readonly string _directory = Directory.CreateTempSubdirectory("streamae-report-").FullName;

    [Fact]
    public void Chromium_renders_every_series_chart_with_its_points_anomalies_and_alerts()
    {
        var page = ResultReport.Write(Results(), _directory, charts: 12, pngs: true);

        var dom = HeadlessChromium.DumpDom(page);

        var charts = ChartElement().Matches(dom).Select(m => m.Value).ToList();
        Assert.Equal(3, charts.Count);
        Assert.Equal(["pump-7", "pump-2", "quiet &lt;&amp;&gt;"], charts.Select(c => Attribute(c, "data-series")));
        Assert.Equal([(300, 25, 2), (200, 3, 0), (150, 0, 0)],
            charts.Select(c => (int.Parse(Attribute(c, "data-windows")), AnomalyDot().Count(c), AlertBand().Count(c))));
        Assert.Equal([300, 200, 150], charts.Select(c => Points(c, "score")));
        Assert.Equal(300, Points(charts[0], "calibrated"));
        Assert.Contains("samples 3, 9 exceed", dom);
        Assert.Contains("<b id=\"total-anomalies\">28</b>", dom);
        Assert.Equal(3, Directory.GetFiles(_directory, "series-*.png").Length);
    }

    [Fact]
    public void The_screenshot_of_the_page_is_not_blank_and_shows_the_charts_colours()
    {
        var page = ResultReport.Write(Results(), _directory, charts: 12, pngs: false);
        var screenshot = Path.Combine(_directory, "page.png");

        HeadlessChromium.Screenshot(page, screenshot, 1100, 1600);

        using var bitmap = SKBitmap.Decode(screenshot);
        var pixels = bitmap.Pixels;
        var inked = pixels.Count(p => p.Red < 235 || p.Green < 235 || p.Blue < 235);
        Assert.True(inked > pixels.Length / 50, $"only {inked} of {pixels.Length} pixels are not white");
        Assert.Contains(pixels, p => Near(p, 0x2f, 0x6f, 0xd0)); // the score line
        Assert.Contains(pixels, p => Near(p, 0xe4, 0x57, 0x2e)); // the anomaly dots
    }

    private static ResultSet Results()
    {
        var results = new ResultSet("synthetic");
        void Series(string name, int windows, Func<int, bool> anomalous)
        {
            for (var i = 0; i < windows; i++)
            {
                var anomaly = anomalous(i);
                results.Scores.Add(new ScorePoint(name, "dense", T0 + i * 1000L, anomaly ? 0.8 + i % 3 * 0.05 : 0.05 + i % 7 * 0.01,
                    i < windows / 2 ? 0.3 : 0.35, name == "pump-7" ? (anomaly ? 0.99 : 0.2) : null, anomaly));
            }
        }
        Series("pump-7", 300, i => i is >= 100 and < 120 or >= 250 and < 255);
        Series("pump-2", 200, i => i is 10 or 50 or 190);
        Series("quiet <&>", 150, _ => false);
        results.Alerts.Add(new AlertPoint("pump-7", "dense", T0 + 102_000, true, 0.85, 3, null, "samples 3, 9 exceed their reconstruction"));
        results.Alerts.Add(new AlertPoint("pump-7", "dense", T0 + 119_000, false, 0.9, 20, 17_000, null));
        results.Alerts.Add(new AlertPoint("pump-7", "dense", T0 + 251_000, true, 0.85, 3, null, "sample 40"));
        return results;
    }

    private static string Attribute(string element, string name) => Regex.Match(element, $"{name}=\"([^\"]*)\"").Groups[1].Value;

    /// <summary>The coordinate pairs of a chart's polyline of <paramref name="kind"/> (the threshold aside, one per window).</summary>
    private static int Points(string chart, string kind) =>
        Regex.Match(chart, $"<polyline class=\"{kind}\"[^>]*points=\"([^\"]*)\"").Groups[1].Value
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

    private static bool Near(SKColor pixel, byte red, byte green, byte blue) =>
        Math.Abs(pixel.Red - red) < 12 && Math.Abs(pixel.Green - green) < 12 && Math.Abs(pixel.Blue - blue) < 12;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [GeneratedRegex("<svg class=\"chart\".*?</svg>", RegexOptions.Singleline)]
    private static partial Regex ChartElement();

    [GeneratedRegex("<circle class=\"anomaly\"")]
    private static partial Regex AnomalyDot();

    [GeneratedRegex("<rect class=\"alert-span\"")]
    private static partial Regex AlertBand();
}
