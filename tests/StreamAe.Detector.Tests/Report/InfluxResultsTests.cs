using System.Text;
using StreamAe.Contracts;
using StreamAe.Tools.Report;
using StreamAe.Sink.Points;
using StreamAe.TestSupport.Influx;

namespace StreamAe.Detector.Tests.Report;

/// <summary>The report's InfluxDB reader against a real InfluxDB 1.6.</summary>
public sealed class InfluxResultsTests(InfluxFixture influx) : IClassFixture<InfluxFixture>
{
    [Fact]
    public async Task Scores_and_alerts_written_to_influxdb_are_read_back_with_their_tags_and_calibrated_scores()
    {
        influx.Query("CREATE DATABASE report_it").Dispose();
        var lines = new StringBuilder();
        for (var i = 0; i < 2500; i++)
        {
            lines.Append($"streamae_score,model=m,series=s{i % 2} anomaly={(i % 10 == 0 ? "true" : "false")},calibrated_score=0.5,score={i}.5,threshold=3 {1_764_000_000_000 + i}\n");
        }
        lines.Append("streamae_alert,model=m,series=s0,state=open peak_score=2.5,windows=2i,explanation=\"sample 7\" 1764000000010\n");
        using (var http = new HttpClient { BaseAddress = influx.Url })
        {
            using var written = await http.PostAsync("write?db=report_it&precision=ms", new StringContent(lines.ToString()));
            written.EnsureSuccessStatusCode();
        }

        var results = await ResultReport.ReadAsync(Input(influx.Url, "report_it"), CancellationToken.None);

        Assert.Equal(2500, results.Scores.Count);
        Assert.Equal(250, results.Scores.Count(s => s.Anomaly));
        Assert.All(results.Scores, s => Assert.Equal(0.5, s.Calibrated));
        Assert.Equal(["s0", "s1"], results.Scores.Select(s => s.Series).Distinct().Order());
        var alert = Assert.Single(results.Alerts);
        Assert.Equal(("s0", true, "sample 7", 1_764_000_000_010L), (alert.Series, alert.Open, alert.Explanation, alert.Time));
    }

    [Fact]
    public async Task An_influxdb_that_does_not_answer_is_a_dependency_failure_within_the_timeout()
    {
        var nowhere = new Uri($"http://127.0.0.1:{FreePort()}/");

        await Assert.ThrowsAsync<DependencyUnavailableException>(() => ResultReport.ReadAsync(Input(nowhere, "x"), CancellationToken.None));
    }

    private static ReportInput Input(Uri url, string database) =>
        new([], url, database, Token: null, Since: null, TimestampPrecision.Milliseconds, TimeSpan.FromSeconds(5));

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
