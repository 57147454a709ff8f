using System.Globalization;
using StreamAe.TestSupport.Kafka;

namespace StreamAe.IntegrationTests;

/// <summary>The model commands on CSV files as users have them: real separators and label columns, and bad files
/// answered with one line and exit code 2 rather than a stack trace.</summary>
public sealed class CsvCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("streamae-csv-it-").FullName;

    public static TheoryData<string, string?, string[], string> BadFiles => new()
    {
        { "missing", null, [], "does not exist" },
        { "empty", "", [], "empty (no header row)" },
        { "header-only", "datetime;a;anomaly\n", [], "header but no data rows" },
        { "no-numeric", "ts,name,anomaly\n1,pump,0\n", [], "No numeric value column" },
        { "unknown-column", "ts,a\n1,2\n", ["--columns", "speed"], "value column 'speed' is not in the header" },
        { "ragged", "ts;a;b\n1;2;3\n2;3\n", [], "line 3 has 2 fields but the header has 3" },
        { "non-numeric", "ts\ta\n1\t2\n2\tlow\n", [], "line 3: 'low' in column 'a' is not a number" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task Train_on_a_bad_csv_exits_2_with_one_error_line_and_no_stack_trace(string name, string? content, string[] options, string expected)
    {
        var path = Path.Combine(_directory, name + ".csv");
        if (content is not null)
        {
            await File.WriteAllTextAsync(path, content);
        }
        using var train = new DaemonProcess(["train", "--data", path, "--format", "csv", "--window", "4", "--epochs", "1",
            "--out", Path.Combine(_directory, name + ".model"), .. options]);

        Assert.Equal(2, await train.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        var errors = train.Output.Split('\n').Where(line => line.StartsWith("error: ", StringComparison.Ordinal)).ToList();
        Assert.Contains(expected, Assert.Single(errors), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", train.Output);
        Assert.DoesNotContain("Exception", train.Output);
    }

    [Fact]
    public async Task Produce_from_a_bad_csv_exits_2_with_the_reason_and_no_stack_trace()
    {
        var path = Path.Combine(_directory, "ragged.csv");
        await File.WriteAllTextAsync(path, "ts;a;b\n1;2;3\n2;3\n");
        using var kafka = new MockKafkaFixture();
        var topic = kafka.NewTopic(partitions: 1);
        using var produce = new DaemonProcess("produce", "--bootstrap", kafka.BootstrapServers, "--topic", topic, "--data", path, "--format", "csv");

        Assert.Equal(2, await produce.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("streamae produce: line 3 has 2 fields but the header has 3", produce.Output);
        Assert.DoesNotContain("   at ", produce.Output);
    }

    [Fact]
    public async Task Train_reads_a_semicolon_file_with_its_channels_and_never_a_label_column()
    {
        var path = Path.Combine(_directory, "rig.csv");
        var lines = new List<string> { "datetime;Pressure;Current;Voltage;anomaly;changepoint" };
        var start = new DateTime(2020, 3, 9, 10, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < 200; i++)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"{start.AddSeconds(i):yyyy-MM-dd HH:mm:ss};{Math.Sin(i / 3.0)};{1 + 0.01 * i};{230 + (i % 5)};0;0"));
        }
        await File.WriteAllLinesAsync(path, lines);
        using var train = new DaemonProcess("train", "--data", path, "--format", "csv", "--window", "8", "--epochs", "1",
            "--ignore-columns", "Voltage", "--out", Path.Combine(_directory, "rig.model"));

        Assert.True(await train.WaitForExitAsync(TimeSpan.FromSeconds(120)) == 0, train.Output);
        Assert.Contains("8 × 2", train.Output);
    }

    [Theory]
    [InlineData("csv", "pca")]
    [InlineData("ucr", "dense")]
    public async Task Train_without_an_architecture_fits_pca_to_a_sensor_series_and_the_dense_autoencoder_to_whole_windows(string format, string expected)
    {
        var path = Path.Combine(_directory, "data." + format);
        var lines = new List<string>();
        if (format == "csv")
        {
            lines.Add("time,value");
        }
        for (var i = 0; i < 200; i++)
        {
            lines.Add(format == "csv"
                ? string.Create(CultureInfo.InvariantCulture, $"{i},{Math.Sin(i / 3.0)}")
                : "1," + string.Join(',', Enumerable.Range(0, 16).Select(j => Math.Sin((i + j) / 3.0).ToString(CultureInfo.InvariantCulture))));
        }
        await File.WriteAllLinesAsync(path, lines);
        using var train = new DaemonProcess("train", "--data", path, "--format", format, "--window", format == "csv" ? "8" : "0",
            "--epochs", "1", "--out", Path.Combine(_directory, format + ".model"));

        Assert.True(await train.WaitForExitAsync(TimeSpan.FromSeconds(120)) == 0, train.Output);
        Assert.Matches($@"architecture\s*│\s*{expected}\s", train.Output);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
