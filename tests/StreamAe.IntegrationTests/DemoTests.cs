using System.Globalization;
using Spectre.Console;
using StreamAe.Tools.Demo;

namespace StreamAe.IntegrationTests;

[Collection(DetectorCollection.Name)]
public sealed class DemoTests(TrainedModels models)
{
    [Fact]
    public async Task Demo_scores_replayed_ecg_beats_into_the_file_sink_reports_good_precision_and_recall_and_writes_the_report_page()
    {
        var directory = Directory.CreateTempSubdirectory("streamae-demo-it-").FullName;
        var output = Path.Combine(directory, "demo.lp");
        var text = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(text), Interactive = InteractionSupport.No });
        console.Profile.Width = 400;
        var settings = new DemoSettings(models.Dense, null, "streamae", output, Beats: 600, Series: 6, Rate: 0, Partitions: 3,
            Timeout: TimeSpan.FromSeconds(60), Live: false);

        var exitCode = await new DemoRunner(settings, console).RunAsync(CancellationToken.None);

        Assert.Equal(0, exitCode);
        var summary = text.ToString().Split('\n').Single(l => l.StartsWith("summary:", StringComparison.Ordinal));
        double Field(string name) => double.Parse(summary.Split(' ').Single(p => p.StartsWith(name + "=", StringComparison.Ordinal))[(name.Length + 1)..], CultureInfo.InvariantCulture);
        Assert.Equal(600, Field("acknowledged"));
        Assert.True(Field("precision") >= 0.8, summary);
        Assert.True(Field("recall") >= 0.8, summary);
        var scoreLines = File.ReadLines(output).Count(l => l.StartsWith("streamae_score,", StringComparison.Ordinal));
        Assert.Equal(600, scoreLines);
        var report = Path.Combine(directory, "streamae-demo-report", "index.html");
        Assert.Contains(report, text.ToString());
        Assert.Contains("<b id=\"total-windows\">600</b>", File.ReadAllText(report));
        Directory.Delete(directory, recursive: true);
    }
}
