using StreamAe.Ingest.Files;
using StreamAe.Ingest.Windowing;

namespace StreamAe.Ingest.Tests.Files;

public sealed class CsvWindowReaderTests
{
    [Fact]
    public void Windows_follow_file_order_even_when_time_steps_back()
    {
        const string csv = """
            timestamp,value,label
            1000,1.0,0
            1001,-1.03989471325e-05,0
            1001,3,1
            999,4,0
            2000,5,false
            2001,6,true
            """;
        var reader = new CsvWindowReader(new CsvFileOptions(), new WindowerOptions { WindowLength = 2, Hop = 2 });
        var windows = reader.ReadWindows(new StringReader(csv), "machine-1").ToList();
        Assert.Equal(3, windows.Count);
        Assert.Equal([1f, -1.03989471325e-05f], windows[0].Values);
        Assert.Equal([3f, 4], windows[1].Values);
        Assert.Equal((1001L, 999L), (windows[1].StartMs, windows[1].EndMs));
        Assert.Equal([(bool?)false, true, true], windows.Select(w => w.Label));
        Assert.All(windows, w => Assert.Equal("machine-1", w.Series));
        Assert.All(windows, w => Assert.Null(w.Delivery));
    }

    [Fact]
    public void Named_columns_select_time_channels_and_series()
    {
        const string csv = """
            host,"x",when,y,ignored
            a,1,2024-01-01T00:00:00Z,10,z
            b,2,2024-01-01T00:00:01Z,20,z
            a,3,2024-01-01T00:00:02Z,30,z
            """;
        var options = new CsvFileOptions { TimeColumn = "when", ValueColumns = ["y", "x"], SeriesColumn = "host" };
        var reader = new CsvWindowReader(options, new WindowerOptions { WindowLength = 2, Hop = 1 });
        var window = Assert.Single(reader.ReadWindows(new StringReader(csv), "unused"));
        Assert.Equal(("a", 2, 2), (window.Series, window.Channels, window.Length));
        Assert.Equal([10f, 1, 30, 3], window.Values);
        Assert.Equal(DateTimeOffset.Parse("2024-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture)
            .ToUnixTimeMilliseconds(), window.StartMs);
        Assert.Equal(["y", "x"], reader.ValueColumns);
    }

    [Fact]
    public void Rows_with_missing_or_non_finite_values_are_skipped_and_counted()
    {
        const string csv = "ts,v\n1,1\n2,\n3,NaN\n4,2\n";
        var reader = new CsvWindowReader(new CsvFileOptions(), new WindowerOptions { WindowLength = 2, Hop = 2 });
        Assert.Equal([1f, 2], Assert.Single(reader.ReadWindows(new StringReader(csv), "s")).Values);
        Assert.Equal((4, 2), (reader.RowsRead, reader.RowsSkipped));
    }

    [Fact]
    public void Unknown_columns_and_bad_times_are_reported()
    {
        var missing = new CsvWindowReader(new CsvFileOptions { TimeColumn = "nope" }, new WindowerOptions());
        Assert.Throws<CsvFormatException>(() => missing.ReadWindows(new StringReader("ts,v\n1,2\n"), "s").ToList());
        var badTime = new CsvWindowReader(new CsvFileOptions(), new WindowerOptions());
        var error = Assert.Throws<CsvFormatException>(() => badTime.ReadWindows(new StringReader("ts,v\nnoon,2\n"), "s").ToList());
        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
    }
}
