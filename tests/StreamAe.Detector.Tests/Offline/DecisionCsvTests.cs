using StreamAe.Contracts;
using StreamAe.Tools.Offline;
using StreamAe.Tools.Report;

namespace StreamAe.Detector.Tests.Offline;

public sealed class DecisionCsvTests
{
    [Fact]
    public void A_series_holding_a_comma_or_a_quote_is_quoted_so_its_row_keeps_its_columns_and_reads_back_unchanged()
    {
        string[] series = ["ward,7", "bed \"3\"", "plain"];
        var windows = series.Select((name, i) => new ReplayedWindow(
            new ScoredWindow(new Window { Series = name, StartMs = 0, EndMs = 1000 + i, Values = [0f], Length = 1 }, "m", 0.5, 0.25, true)
            {
                CalibratedScore = 0.9,
            },
            null));
        var csv = new StringWriter();

        DecisionCsv.Write(windows, csv);

        var lines = csv.ToString().ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.Equal(["\"ward,7\",1000,0.5,0.25,0.9,true,,", "\"bed \"\"3\"\"\",1001,0.5,0.25,0.9,true,,", "plain,1002,0.5,0.25,0.9,true,,"],
            lines[1..]);
        var results = new ResultSet("scores.csv");
        ScoreCsvResults.Read(new StringReader(csv.ToString()), results, "scores");
        Assert.Equal(series, results.Scores.Select(point => point.Series));
    }
}
