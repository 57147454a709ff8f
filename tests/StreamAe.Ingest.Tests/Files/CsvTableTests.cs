using StreamAe.Ingest.Files;

namespace StreamAe.Ingest.Tests.Files;

public sealed class CsvTableTests
{
    private const string SkabHeader =
        "datetime;Accelerometer1RMS;Accelerometer2RMS;Current;Pressure;Temperature;Thermocouple;Voltage;Volume Flow RateRMS;anomaly;changepoint";

    [Theory]
    [InlineData(",")]
    [InlineData(";")]
    [InlineData("\t")]
    public void The_separator_is_detected_from_the_header(string separator)
    {
        var csv = string.Join(separator, "ts", "a", "b", "label") + "\n" + string.Join(separator, "1", "0.5", "-2", "0") + "\n"
            + string.Join(separator, "2", "1.5", "3e2", "1") + "\n";

        var (table, rows) = Read(csv);

        Assert.Equal(["a", "b"], table.ValueColumns);
        Assert.Equal([[0.5f, -2f], [1.5f, 300f]], rows.Select(r => r.Values));
        Assert.Equal([(bool?)false, true], rows.Select(r => r.Label));
        Assert.Equal([1L, 2L], rows.Select(r => r.TimestampMs));
    }

    [Fact]
    public void A_given_separator_wins_over_detection()
    {
        // The header has more commas (inside names) than semicolons; the user says ';'.
        var (table, rows) = Read("time;x,1;x,2\n5;1;2\n", new CsvFileOptions { Delimiter = ';' });

        Assert.Equal(["x,1", "x,2"], table.ValueColumns);
        Assert.Equal([1f, 2f], Assert.Single(rows).Values);
    }

    [Fact]
    public void A_skab_file_has_eight_channels_and_its_anomaly_column_as_label_never_changepoint()
    {
        var csv = SkabHeader + "\n"
            + "2020-03-09 10:14:33;0.0265878;0.0401113;1.3302;0.054711;79.3366;26.0199;233.062;32.0;0.0;0.0\n"
            + "2020-03-09 10:14:34;0.0261697;0.0404525;1.35399;0.382638;79.5158;26.0258;236.04;32.0;1.0;1.0\n";

        var (table, rows) = Read(csv);

        Assert.Equal(8, table.ValueColumns.Count);
        Assert.DoesNotContain("changepoint", table.ValueColumns);
        Assert.DoesNotContain("anomaly", table.ValueColumns);
        Assert.Equal("Volume Flow RateRMS", table.ValueColumns[^1]);
        Assert.Equal([(bool?)false, true], rows.Select(r => r.Label));
        Assert.Equal(new DateTimeOffset(2020, 3, 9, 10, 14, 33, TimeSpan.Zero).ToUnixTimeMilliseconds(), rows[0].TimestampMs);
        Assert.Equal(1000, rows[1].TimestampMs - rows[0].TimestampMs);
    }

    [Fact]
    public void A_label_column_given_by_name_replaces_the_default_and_changepoint_is_still_no_channel()
    {
        var (table, rows) = Read("ts,v,anomaly,changepoint\n1,3,0,1\n", new CsvFileOptions { LabelColumn = "changepoint" });

        Assert.Equal(["v"], table.ValueColumns);
        Assert.True(Assert.Single(rows).Label);
    }

    [Fact]
    public void Columns_pick_and_order_the_channels()
    {
        var (table, rows) = Read("ts,a,b,c\n1,1,2,3\n", new CsvFileOptions { ValueColumns = ["c", "A"] });

        Assert.Equal(["c", "a"], table.ValueColumns);
        Assert.Equal([3f, 1f], Assert.Single(rows).Values);
    }

    [Fact]
    public void Ignore_columns_drop_channels_from_the_default_choice()
    {
        var (table, rows) = Read("ts,a,b,c\n1,1,2,3\n", new CsvFileOptions { IgnoreColumns = ["b"] });

        Assert.Equal(["a", "c"], table.ValueColumns);
        Assert.Equal([1f, 3f], Assert.Single(rows).Values);
    }

    [Fact]
    public void Text_columns_are_left_out_of_the_default_channels()
    {
        var (table, _) = Read("ts,status,v\n1,open,2\n2,closed,3\n");

        Assert.Equal(["v"], table.ValueColumns);
    }

    [Theory]
    [InlineData("1700000000", CsvTimeUnit.Seconds, 1_700_000_000_000L)]
    [InlineData("1700000000.25", CsvTimeUnit.Seconds, 1_700_000_000_250L)]
    [InlineData("1700000000000", CsvTimeUnit.Milliseconds, 1_700_000_000_000L)]
    [InlineData("2023-11-14T22:13:20Z", CsvTimeUnit.Seconds, 1_700_000_000_000L)]
    [InlineData("2023-11-14 22:13:20", CsvTimeUnit.Milliseconds, 1_700_000_000_000L)]
    [InlineData("2023-11-14T23:13:20+01:00", CsvTimeUnit.Milliseconds, 1_700_000_000_000L)]
    public void Times_are_epoch_numbers_in_the_given_unit_or_date_times_read_as_utc(string time, CsvTimeUnit unit, long expectedMs)
    {
        var (_, rows) = Read($"time,v\n{time},1\n", new CsvFileOptions { TimeUnit = unit });

        Assert.Equal(expectedMs, Assert.Single(rows).TimestampMs);
    }

    public static TheoryData<string, CsvFileOptions, string> BadFiles => new()
    {
        { "", new CsvFileOptions(), "empty (no header row)" },
        { "ts,v\n", new CsvFileOptions(), "header but no data rows" },
        { "ts,name,anomaly\n1,pump,0\n", new CsvFileOptions(), "No numeric value column" },
        { "ts;label\n1;0\n", new CsvFileOptions(), "No numeric value column" },
        { "ts,a,b\n1,2,3\n", new CsvFileOptions { ValueColumns = ["a", "speed"] }, "value column 'speed' is not in the header ('ts', 'a', 'b')" },
        { "ts,a,b\n1,2,3\n", new CsvFileOptions { IgnoreColumns = ["c"] }, "ignored column 'c' is not in the header" },
        { "ts,a,b\n1,2,3\n", new CsvFileOptions { ValueColumns = ["a"], IgnoreColumns = ["b"] }, "not both" },
        { "ts,a,changepoint\n1,2,0\n", new CsvFileOptions { ValueColumns = ["changepoint"] }, "'changepoint' is the time, series or a label column" },
        { "ts;a;b\n1;2;3\n2;3\n", new CsvFileOptions(), "line 3 has 2 fields but the header has 3 (separator ';')" },
        { "ts\ta\n1\t2\n2\tlow\n", new CsvFileOptions(), "line 3: 'low' in column 'a' is not a number" },
        { "ts,a\nnoon,2\n", new CsvFileOptions(), "line 2: 'noon' in time column 'ts' is not a time" },
        { "ts;a;label\n1;2;0\n", new CsvFileOptions { Delimiter = ',' }, "split on ',': is that the separator?" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void A_bad_file_gives_one_clear_line_naming_the_file(string csv, CsvFileOptions options, string expected)
    {
        var error = Assert.Throws<CsvFormatException>(() => new CsvTable(options).ReadRows(new StringReader(csv), "s", "data.csv").ToList());

        Assert.StartsWith("data.csv: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    private static (CsvTable Table, List<CsvTable.Row> Rows) Read(string csv, CsvFileOptions? options = null)
    {
        var table = new CsvTable(options ?? new CsvFileOptions());
        var rows = table.ReadRows(new StringReader(csv), "s").Select(r => r with { Values = [.. r.Values] }).ToList();
        return (table, rows);
    }
}
