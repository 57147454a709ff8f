using StreamAe.Tools.Report;
using StreamAe.Sink.Points;

namespace StreamAe.Detector.Tests.Report;

/// <summary>Each output the report reads, as the sinks and <c>streamae score</c> write it.</summary>
public sealed class ResultReadersTests
{
    [Fact]
    public void Line_protocol_scores_and_alerts_come_back_with_escapes_undone_and_types_kept()
    {
        const string lines = """
            streamae_score,model=dense\ v2,series=ward\,7 anomaly=true,calibrated_score=0.97,score=0.65,threshold=0.11,window_start=1700000000000i 1700000001000
            streamae_alert,model=dense\ v2,series=ward\,7,state=open peak_score=0.65,windows=3i,explanation="samples 12, 13 \"high\"" 1700000001000
            streamae_residual,model=m,series=s,channel=0 residual=0.1 1700000001000
            streamae_alert,model=dense\ v2,series=ward\,7,state=closed duration_ms=4000i,peak_score=0.9,windows=5i 1700000005000
            """;
        var results = new ResultSet("test.lp");

        LineProtocolResults.Read(new StringReader(lines), results, TimestampPrecision.Milliseconds);

        var score = Assert.Single(results.Scores);
        Assert.Equal(new ScorePoint("ward,7", "dense v2", 1_700_000_001_000, 0.65, 0.11, 0.97, true), score);
        Assert.Equal(2, results.Alerts.Count);
        Assert.Equal("samples 12, 13 \"high\"", results.Alerts[0].Explanation);
        Assert.True(results.Alerts[0].Open);
        Assert.Equal((false, 4000L, 5L), (results.Alerts[1].Open, results.Alerts[1].DurationMs!.Value, results.Alerts[1].Windows));
    }

    [Fact]
    public void Nanosecond_line_protocol_is_read_as_milliseconds()
    {
        var results = new ResultSet("ns.lp");

        LineProtocolResults.Read(new StringReader("streamae_score,model=m,series=s anomaly=false,score=1,threshold=2 1700000001000000000"),
            results, TimestampPrecision.Nanoseconds);

        Assert.Equal(1_700_000_001_000, results.Scores[0].Time);
        Assert.Null(results.Scores[0].Calibrated);
    }

    [Fact]
    public void A_malformed_line_names_the_file_and_line()
    {
        var failure = Assert.Throws<InvalidDataException>(() =>
            LineProtocolResults.Read(new StringReader("streamae_score,model=m,series=s score=1 1\nstreamae_score,model=m"), new ResultSet("bad.lp"),
                TimestampPrecision.Milliseconds));

        Assert.StartsWith("bad.lp, line 2:", failure.Message);
    }

    [Fact]
    public void Json_lines_read_like_line_protocol()
    {
        const string lines = """
            {"measurement":"streamae_score","tags":{"model":"m","series":"s+σ"},"fields":{"anomaly":true,"score":0.5,"threshold":0.25,"window_start":1700000000000},"time":1700000001000}
            {"measurement":"streamae_alert","tags":{"model":"m","series":"s+σ","state":"open"},"fields":{"peak_score":0.5,"windows":1,"explanation":"sample 3"},"time":1700000001000}
            """;
        var results = new ResultSet("out.jsonl");

        JsonLinesResults.Read(new StringReader(lines), results, TimestampPrecision.Milliseconds);

        Assert.Equal(new ScorePoint("s+σ", "m", 1_700_000_001_000, 0.5, 0.25, null, true), Assert.Single(results.Scores));
        Assert.Equal("sample 3", Assert.Single(results.Alerts).Explanation);
    }

    [Theory]
    [InlineData("series,ts,score,threshold,anomaly\nrow,0,0.5,0.25,true\n", null)]
    [InlineData("series,ts,score,threshold,calibrated_score,anomaly\nrow,0,0.5,0.25,0.9,true\n", 0.9)]
    public void A_score_csv_reads_with_or_without_the_calibrated_column(string csv, double? calibrated)
    {
        var results = new ResultSet("scores.csv");

        ScoreCsvResults.Read(new StringReader(csv), results, "scores");

        Assert.Equal(new ScorePoint("row", "scores", 0, 0.5, 0.25, calibrated, true), Assert.Single(results.Scores));
        Assert.False(results.EpochTime);
    }

    [Fact]
    public void A_csv_that_is_not_a_score_csv_says_which_columns_it_lacks()
    {
        var failure = Assert.Throws<InvalidDataException>(() => ScoreCsvResults.Read(new StringReader("a,b\n1,2\n"), new ResultSet("x.csv"), "x"));

        Assert.Contains("series, ts, score, threshold, anomaly", failure.Message);
    }

    [Theory]
    [InlineData("out/streamae-output.lp", ".lp")]
    [InlineData("streamae-output.lp.3", ".lp")]
    [InlineData("out.jsonl.12", ".jsonl")]
    [InlineData("scores.CSV", ".csv")]
    public void Rotated_files_are_read_as_their_live_files_format(string file, string kind) => Assert.Equal(kind, ResultReport.Kind(file));

    [Fact]
    public void Series_are_ranked_by_anomalies_then_alerts_then_highest_score()
    {
        var results = new ResultSet("r");
        results.Scores.AddRange(
        [
            new ScorePoint("calm", "m", 1, 0.1, 1, null, false),
            new ScorePoint("loud", "m", 1, 5, 1, null, true),
            new ScorePoint("loud", "m", 2, 6, 1, null, true),
            new ScorePoint("alerted", "m", 1, 2, 1, null, true),
            new ScorePoint("peaky", "m", 1, 9, 1, null, true),
        ]);
        results.Alerts.Add(new AlertPoint("alerted", "m", 1, true, 2, 1, null, null));

        Assert.Equal(["loud", "alerted", "peaky", "calm"], SeriesReport.Rank(results).Select(s => s.Series));
    }
}
