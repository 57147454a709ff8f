using System.Text;
using StreamAe.ComposeCheck;
using StreamAe.Contracts;
using StreamAe.Sink.LineProtocol;
using StreamAe.Sink.Points;
using StreamAe.TestSupport.Influx;

namespace StreamAe.IntegrationTests;

/// <summary>
/// The compose check's InfluxQL half against a real InfluxDB 1.6 holding what the daemon writes: every query of the
/// provisioned dashboards runs, and the ones over scores and alerts find the rows. (Its Flux half needs InfluxDB 2,
/// which the compose stack runs and this machine does not.)
/// </summary>
public sealed class ComposeCheckQueriesTests(InfluxFixture influx) : IClassFixture<InfluxFixture>
{
    [Fact]
    public async Task Every_dashboard_query_runs_over_the_daemons_points_and_the_score_and_alert_panels_find_rows()
    {
        influx.Query("CREATE DATABASE compose_check").Dispose();
        await WriteDaemonPointsAsync("compose_check");
        var queries = DashboardQueries.Load(Path.Combine(RepositoryRoot(), "docker", "grafana", "dashboards"), "1h");
        using var influxQl = new InfluxQlQueries(influx.Url, "compose_check", token: null);

        var rows = new Dictionary<string, int>();
        foreach (var (where, query) in queries)
        {
            rows[$"{where}: {query}"] = await influxQl.RowsAsync(query, CancellationToken.None);
        }

        Assert.True(queries.Count >= 10, $"only {queries.Count} dashboard queries found");
        Assert.All(rows.Where(r => r.Key.Contains("FROM \"streamae_score\"", StringComparison.Ordinal)
                                   || r.Key.Contains("FROM \"streamae_alert\"", StringComparison.Ordinal)),
            query => Assert.True(query.Value > 0, $"no rows: {query.Key}"));
    }

    [Fact]
    public void Grafana_macros_and_variables_become_all_series_all_models_and_the_window()
    {
        var expanded = DashboardQueries.Expand("SELECT mean(\"score\") FROM \"streamae_score\" WHERE \"series\" =~ /^$series$/ AND \"model\" =~ /^$model$/ AND $timeFilter GROUP BY time($__interval)", "15m");

        Assert.Equal("SELECT mean(\"score\") FROM \"streamae_score\" WHERE \"series\" =~ /^.*$/ AND \"model\" =~ /^.*$/ AND time > now() - 15m GROUP BY time(10s)", expanded);
    }

    /// <summary>Scores (anomalous too), an alert opened with an explanation and closed, and residuals, stamped within
    /// the last minutes, as the daemon writes them.</summary>
    private async Task WriteDaemonPointsAsync(string database)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        using var buffer = new PooledByteBuffer();
        var writer = new LineProtocolWriter(buffer);
        for (var i = 0; i < 60; i++)
        {
            var end = now - (60 - i) * 1000L;
            var window = new Window { Series = $"ecg-{i % 3}", StartMs = end - 1000, EndMs = end, Values = [1, 2, 3, 4], Length = 4 };
            var anomalous = i % 10 == 0;
            StreamAeSchema.WriteWindow(writer, new ScoredWindow(window, "dense", anomalous ? 0.9 : 0.1, 0.5, anomalous, [1.5f, 2, 3, 4]),
                null, residuals: true);
        }
        StreamAeSchema.WriteAlert(writer, new AlertEvent("ecg-0", "dense", AlertState.Open, now - 50_000, 0.9, 2, null, "sample 1 (0.5)"));
        StreamAeSchema.WriteAlert(writer, new AlertEvent("ecg-0", "dense", AlertState.Closed, now - 40_000, 0.9, 3, 10_000));
        using var http = new HttpClient { BaseAddress = influx.Url };
        using var written = await http.PostAsync($"write?db={database}&precision=ms", new StringContent(Encoding.UTF8.GetString(buffer.WrittenSpan)));
        written.EnsureSuccessStatusCode();
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "StreamAe.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No StreamAe.sln above {AppContext.BaseDirectory}: the test reads the dashboards.");
    }
}
