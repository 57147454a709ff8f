using System.Globalization;
using System.Text.Json;
using StreamAe.TestSupport.Influx;

namespace StreamAe.IntegrationTests;

/// <summary>
/// The end-to-end and live-load benchmarks in the short form CI can afford: the real <c>streamae bench</c> against a
/// private InfluxDB, for both message formats. What is checked is what the figures stand on (every window produced was
/// acknowledged by InfluxDB, every figure was measured); how fast is for docs/BENCHMARKS.md, not for a test.
/// </summary>
[Collection(DetectorCollection.Name)]
public sealed class BenchCommandTests : IDisposable
{
    private static readonly string[] Formats = ["chunk", "sample"];
    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };
    private readonly string _directory = Directory.CreateTempSubdirectory("streamae-bench-it-").FullName;

    [Fact]
    public async Task End_to_end_suite_drains_chunk_and_sample_backlogs_into_InfluxDB_acknowledging_every_window()
    {
        using var influx = InfluxFixture.StartNew();
        var figures = await RunBenchAsync("--suite", "e2e", "--samples", "560000", "--influx-url", influx.Url.ToString());

        foreach (var format in Formats)
        {
            var label = $"{format} backlog → influx";
            AssertEveryWindowAcknowledged(figures, $"{label}: windows acknowledged");
            Assert.True(Value(figures, $"{label}: samples/s (drain)") > 0);
            Assert.True(Value(figures, $"{label}: CPU per million samples") > 0);
        }
        // 560 000 samples in chunks, a quarter as single-sample messages; 100 series, W=140, hop 35: 15 700 + 3 700
        // windows, written to InfluxDB under series s0…s99 (later points of the same series and time overwrite).
        Assert.Equal(15_700, Value(figures, "chunk backlog → influx: windows acknowledged"));
        Assert.Equal(3_700, Value(figures, "sample backlog → influx: windows acknowledged"));
        Assert.True(await DaemonSettings.CountAsync(influx, "streamae_bench") >= 15_700);
    }

    [Fact]
    public async Task Paced_suite_short_soak_acknowledges_every_window_of_both_formats_and_reports_latency_and_memory()
    {
        using var influx = InfluxFixture.StartNew();
        var figures = await RunBenchAsync("--suite", "paced", "--rates", "20000", "--duration", "5", "--influx-url", influx.Url.ToString());

        foreach (var format in Formats)
        {
            var label = $"{format}, 0.02 M samples/s → influx";
            // 20 series, one send every 35 ms for 5 s (143 sends), the first window with the fourth: 20 × 140.
            Assert.Equal(2_800, Value(figures, $"{label}: windows acknowledged"));
            AssertEveryWindowAcknowledged(figures, $"{label}: windows acknowledged");
            var p50 = Value(figures, $"{label}: latency p50 after warm-up");
            var p99 = Value(figures, $"{label}: latency p99 after warm-up");
            Assert.InRange(p50, 0, p99);
            Assert.InRange(p99, p50, Value(figures, $"{label}: latency max after warm-up"));
            Assert.True(Value(figures, $"{label}: RSS after warm-up") > 0);
            Assert.True(double.IsFinite(Value(figures, $"{label}: RSS change over the run")));
            Assert.True(Value(figures, $"{label}: managed memory allocated per window") > 0);
            Assert.True(Value(figures, $"{label}: daemon CPU per million samples") > 0);
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private async Task<IReadOnlyList<Figure>> RunBenchAsync(params string[] arguments)
    {
        var json = Path.Combine(_directory, "bench.json");
        using var bench = new DaemonProcess([.. new[] { "bench" }, .. arguments, "--json", json]);
        var exitCode = await bench.WaitForExitAsync(TimeSpan.FromMinutes(4));
        Assert.True(exitCode == 0, bench.Output);
        return JsonSerializer.Deserialize<List<Figure>>(await File.ReadAllTextAsync(json), JsonOptions)!;
    }

    private static void AssertEveryWindowAcknowledged(IReadOnlyList<Figure> figures, string name)
    {
        var figure = Single(figures, name);
        Assert.Equal($"of {figure.Value.ToString(CultureInfo.InvariantCulture)}", figure.Unit);
    }

    private static double Value(IReadOnlyList<Figure> figures, string name) => Single(figures, name).Value;

    private static Figure Single(IReadOnlyList<Figure> figures, string name) =>
        figures.SingleOrDefault(f => f.Name == name) ?? throw new Xunit.Sdk.XunitException(
            $"no figure '{name}'; the bench reported: {string.Join("; ", figures.Select(f => f.Name))}");

    /// <summary>One entry of the JSON report: <c>{"suite", "name", "value", "unit"}</c>.</summary>
    private sealed record Figure(string Suite, string Name, double Value, string Unit);
}
