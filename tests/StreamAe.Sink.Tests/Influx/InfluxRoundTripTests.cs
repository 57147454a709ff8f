using StreamAe.Contracts;
using StreamAe.Sink.Influx;
using StreamAe.Sink.Tests.Support;
using StreamAe.TestSupport.Influx;

namespace StreamAe.Sink.Tests.Influx;

/// <summary>Writes through <see cref="InfluxOutput"/> into a real InfluxDB 1.x and reads the points back.</summary>
public sealed class InfluxRoundTripTests(InfluxFixture influx) : IClassFixture<InfluxFixture>
{
    private static readonly string[] NastySeries =
    [
        "ecg 7",
        "a,b=c",
        "back\\slash",
        "x\\ y",
        "=leading equals",
        "ünï cødé 日本 😀",
        "quote\"d 'single'",
        "tab\there",
        "trailing space ",
    ];

    [Fact]
    public async Task Scores_are_written_and_read_back_with_exact_values_and_tags()
    {
        var model = TestData.UniqueModel("roundtrip");
        var tokens = new List<RecordingToken>();
        var written = new List<ScoredWindow>();
        await using (var output = new InfluxOutput(Options(batchSize: 7)))
        {
            await output.StartAsync(CancellationToken.None);
            for (var i = 0; i < 40; i++)
            {
                var token = new RecordingToken(i);
                var scored = TestData.Scored(NastySeries[i % NastySeries.Length], model, i, token,
                    score: Math.PI * i / 3.0 + 1e-9 * i, anomaly: i % 3 == 0);
                tokens.Add(token);
                written.Add(scored);
                await output.WriteAsync(scored, null, token, CancellationToken.None);
            }
            await output.FlushAsync(CancellationToken.None);

            Assert.All(tokens, t => Assert.Equal(1, t.Count));
            Assert.Equal(40, output.Stats.PointsWritten);
        }

        var rows = await influx.QueryRowsAsync($"SELECT * FROM streamae_score WHERE model = '{model}'");

        Assert.Equal(40, rows.Count);
        var byTime = rows.ToDictionary(r => r.Time);
        foreach (var scored in written)
        {
            var row = byTime[scored.Window.EndMs];
            Assert.Equal(scored.Series, row.Tag("series"));
            Assert.Equal(model, row.Tag("model"));
            Assert.Equal(scored.Score, row.Double("score"));
            Assert.Equal(scored.Threshold, row.Double("threshold"));
            Assert.Equal(scored.Anomaly, row.Bool("anomaly"));
            Assert.Equal(scored.Window.StartMs, row.Int64("window_start"));
        }
        var seriesTags = await influx.QueryRowsAsync($"SHOW TAG VALUES FROM streamae_score WITH KEY = \"series\" WHERE model = '{model}'");
        Assert.Equal(NastySeries.Order(StringComparer.Ordinal), seriesTags.Select(r => r.Tag("value")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Alerts_are_written_with_state_tags_and_duration_on_close()
    {
        var model = TestData.UniqueModel("alerts");
        const string explanation = "sample 71 (+2.31), sample \"70\" \\ (-2.1)";
        var open = new AlertEvent("ecg 7,lead=II", model, AlertState.Open, TestData.BaseMs + 5000, 0.75, 1, null, explanation);
        var close = new AlertEvent("ecg 7,lead=II", model, AlertState.Closed, TestData.BaseMs + 9000, 1.5, 4, 4000);
        var token = new RecordingToken(1);
        await using (var output = new InfluxOutput(Options(batchSize: 100)))
        {
            await output.WriteAsync(TestData.Scored("ecg 7,lead=II", model, 5, token, anomaly: true), open, token, CancellationToken.None);
            await output.WriteAsync(close, null, CancellationToken.None);
        }

        var rows = await influx.QueryRowsAsync($"SELECT * FROM streamae_alert WHERE model = '{model}' ORDER BY time");

        Assert.Equal(1, token.Count);
        Assert.Equal(2, rows.Count);
        Assert.Equal(("open", open.TimestampMs, 0.75, 1L, false), (rows[0].Tag("state"), rows[0].Time, rows[0].Double("peak_score"), rows[0].Int64("windows"), rows[0].Has("duration_ms")));
        Assert.Equal(("closed", close.TimestampMs, 1.5, 4L, 4000L), (rows[1].Tag("state"), rows[1].Time, rows[1].Double("peak_score"), rows[1].Int64("windows"), rows[1].Int64("duration_ms")));
        Assert.All(rows, r => Assert.Equal("ecg 7,lead=II", r.Tag("series")));
        Assert.Equal(explanation, rows[0].Values["explanation"].GetString());
        Assert.False(rows[1].Has("explanation"));
    }

    [Fact]
    public async Task Writing_the_same_window_again_overwrites_instead_of_duplicating()
    {
        var model = TestData.UniqueModel("idempotent");
        await using (var output = new InfluxOutput(Options(batchSize: 3)))
        {
            for (var replay = 0; replay < 3; replay++)
            {
                for (var i = 0; i < 10; i++)
                {
                    await output.WriteAsync(TestData.Scored("s", model, i), null, null, CancellationToken.None);
                }
                await output.FlushAsync(CancellationToken.None);
            }
        }

        var rows = await influx.QueryRowsAsync($"SELECT score FROM streamae_score WHERE model = '{model}'");

        Assert.Equal(10, rows.Count);
        Assert.Equal(10, rows.Select(r => r.Time).Distinct().Count());
    }

    [Fact]
    public async Task Startup_check_fails_fast_when_the_database_is_missing_and_creates_it_when_asked()
    {
        var database = TestData.UniqueModel("db").Replace('-', '_');
        var missing = Options(batchSize: 10);
        missing.Database = database;

        await using (var output = new InfluxOutput(missing))
        {
            var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => output.StartAsync(CancellationToken.None));
            Assert.Contains($"database '{database}'", failure.Message, StringComparison.Ordinal);
            Assert.Contains("CreateIfMissing", failure.Message, StringComparison.Ordinal);
        }

        missing.CreateIfMissing = true;
        await using (var output = new InfluxOutput(missing))
        {
            await output.StartAsync(CancellationToken.None);
        }
        using var databases = await influx.QueryAsync("SHOW DATABASES");
        Assert.Contains(database, databases.RootElement.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Residuals_of_anomalous_windows_are_written_per_sample_when_enabled()
    {
        var model = TestData.UniqueModel("residual");
        var anomalous = TestData.Scored("s", model, 1, anomaly: true, length: 5, reconstruction: [1f, 1.5f, 2f, 2.5f, 3f]);
        var normal = TestData.Scored("s", model, 2, anomaly: false, length: 5, reconstruction: [0f, 0f, 0f, 0f, 0f]);
        await using (var output = new InfluxOutput(Options(batchSize: 100), writeResiduals: true))
        {
            await output.WriteAsync(anomalous, null, null, CancellationToken.None);
            await output.WriteAsync(normal, null, null, CancellationToken.None);
        }

        var rows = await influx.QueryRowsAsync($"SELECT * FROM streamae_residual WHERE model = '{model}' ORDER BY time");

        Assert.Equal(Enumerable.Range(0, 5).Select(i => anomalous.Window.StartMs + i * 8L), rows.Select(r => r.Time));
        Assert.Equal(anomalous.Window.Values.Select(v => (double)v), rows.Select(r => r.Double("value")));
        Assert.Equal(anomalous.Reconstruction!.Select(v => (double)v), rows.Select(r => r.Double("reconstruction")));
        Assert.Equal(anomalous.Window.Values.Zip(anomalous.Reconstruction!, (v, r) => (double)v - r), rows.Select(r => r.Double("residual")));
    }

    [Fact]
    public async Task Points_the_server_rejects_are_dropped_and_counted_and_their_windows_acknowledged()
    {
        var model = TestData.UniqueModel("conflict");
        var database = model.Replace('-', '_');
        (await influx.QueryAsync($"CREATE DATABASE {database}")).Dispose();
        // A string "score" makes every later float score in this shard a field type conflict (400, partial write).
        using (var http = new HttpClient { BaseAddress = influx.Url })
        {
            using var conflict = await http.PostAsync($"write?db={database}&precision=ms",
                new StringContent($"streamae_score,model={model},series=s score=\"text\" {TestData.BaseMs}\n"));
            Assert.True(conflict.IsSuccessStatusCode);
        }
        var tokens = Enumerable.Range(0, 5).Select(i => new RecordingToken(i)).ToArray();
        var options = Options(batchSize: 5);
        options.Database = database;
        await using (var output = new InfluxOutput(options))
        {
            foreach (var token in tokens)
            {
                await output.WriteAsync(TestData.Scored("s", model, token.Id, token), null, token, CancellationToken.None);
            }
            await output.FlushAsync(CancellationToken.None);

            Assert.Equal(5, output.Stats.DroppedPoints);
            Assert.Equal(0, output.Stats.Retries);
        }

        Assert.All(tokens, t => Assert.Equal(1, t.Count));
    }

    private InfluxOptions Options(int batchSize) => new()
    {
        Url = influx.Url.ToString(),
        Database = influx.Database,
        BatchSize = batchSize,
        MaxDelayMs = 20,
    };
}
