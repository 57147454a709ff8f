using System.Globalization;
using StreamAe.Tools.Data;
using StreamAe.Model.Jobs;

namespace StreamAe.Detector.Tests.Data;

public sealed class CsvSeriesDataTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"streamae-csv-{Guid.NewGuid():N}.csv");

    [Fact]
    public void A_csv_series_is_cut_into_labelled_windows_by_the_daemons_windower()
    {
        var lines = new List<string> { "ts,value,label" };
        for (var i = 0; i < 20; i++)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{1000 + i * 10},{i * 0.5},{(i == 13 ? 1 : 0)}"));
        }
        File.WriteAllLines(_path, lines);
        CsvSeriesData.Register();

        var windows = DataFormats.Read(_path, CsvSeriesData.Format, new WindowShape(8, 4));

        // rows 0..19, W=8, hop 4: windows start at 0, 4, 8, 12 → 4 windows; rows 12..19 hold the anomalous row 13.
        Assert.Equal(4, windows.Count);
        Assert.Equal(8, windows.WindowLength);
        Assert.Equal([1, 1, 2, 2], windows.Labels);
        Assert.Equal([4f, 4.5f, 5f, 5.5f, 6f, 6.5f, 7f, 7.5f], windows.Window(2).ToArray());
    }

    [Fact]
    public void Without_a_window_length_the_error_says_which_option_to_pass()
    {
        File.WriteAllLines(_path, ["ts,value", "1,0.5"]);
        CsvSeriesData.Register();
        var error = Assert.Throws<ArgumentException>(() => DataFormats.Read(_path, CsvSeriesData.Format));
        Assert.Contains("--window", error.Message);
    }

    [Fact]
    public void Csv_options_reach_the_reader_so_a_semicolon_file_keeps_its_label_columns_out_of_the_channels()
    {
        var lines = new List<string> { "datetime;a;b;c;anomaly;changepoint" };
        for (var i = 0; i < 8; i++)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"2020-03-09 10:14:{30 + i};{i};{-i};{2 * i};{(i == 5 ? 1 : 0)};0"));
        }
        File.WriteAllLines(_path, lines);
        var reader = CsvSeriesData.Reader(new Ingest.Files.CsvFileOptions { IgnoreColumns = ["b"] });

        var windows = reader(_path, new WindowShape(4, 4));

        Assert.Equal((2, 2), (windows.Count, windows.Channels));
        Assert.Equal([1, 2], windows.Labels);
        Assert.Equal([4f, 8, 5, 10, 6, 12, 7, 14], windows.Window(1).ToArray());
    }

    public void Dispose() => File.Delete(_path);
}
