using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using StreamAe.TestSupport.Influx;

namespace StreamAe.IntegrationTests;

/// <summary>The executable against an unreachable broker, as an operator meets it: readiness says so, the log does not
/// fill up, and a command that needs the broker ends within its timeout.</summary>
[Collection(DetectorCollection.Name)]
public sealed partial class OperatorHealthTests(TrainedModels models) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("streamae-health-it-").FullName;

    [Fact]
    public async Task Readyz_is_503_naming_the_refused_broker_while_healthz_stays_ok_and_the_log_says_it_once()
    {
        var broker = $"127.0.0.1:{DaemonSettings.FreePort()}";
        var httpPort = DaemonSettings.FreePort();
        string[] settings =
        [
            $"Kafka:BootstrapServers={broker}", "Pipelines:0:Name=ecg", "Pipelines:0:Topics:0=ecg", $"Pipelines:0:ModelPath={models.Dense}",
            "Pipelines:0:Format:Format=Window", "Pipelines:0:Format:WindowLength=140", "Pipelines:0:Window:WindowLength=140",
            "Pipelines:0:Window:Hop=140", $"Sink:File:Path={Path.Combine(_directory, "scores.lp")}",
            string.Create(CultureInfo.InvariantCulture, $"Http:Urls=http://127.0.0.1:{httpPort}"),
            "DeadLetter:Target=File", $"DeadLetter:FilePath={Path.Combine(_directory, "dead.jsonl")}",
        ];
        using var daemon = new DaemonProcess(["run", .. settings.SelectMany(s => new[] { "--set", s })]);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };

        string? body = null;
        await KafkaOffsets.WaitUntilAsync(() =>
        {
            Assert.False(daemon.HasExited, $"the daemon exited:\n{daemon.Output}");
            body = ReadyzWhenRefused(http);
            return body is not null;
        }, TimeSpan.FromSeconds(60), "/readyz to report the refused broker");
        // librdkafka retries with a growing backoff; by the time it has tried several times, the log still has one line.
        await KafkaOffsets.WaitUntilAsync(() => daemon.Output.Contains("1/1 brokers are down", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30), "the all-brokers-down error");

        Assert.Contains("ecg:kafka", body);
        Assert.Contains(broker, body);
        Assert.Equal("ok", (await http.GetStringAsync("/healthz")).Trim());
        Assert.Single(RefusedLine().Matches(daemon.Output));
    }

    [Fact]
    public async Task Produce_to_an_unreachable_broker_ends_within_its_timeout_with_one_line_and_exit_code_3()
    {
        var broker = $"127.0.0.1:{DaemonSettings.FreePort()}";
        using var producer = new DaemonProcess("produce", "--bootstrap", broker, "--topic", "ecg", "--data", "builtin:ecg5000-test", "--timeout", "3");

        Assert.Equal(3, await producer.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        var lines = producer.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines);
        Assert.StartsWith($"streamae produce: Kafka at {broker} did not answer within 3 s", line);
        Assert.Contains("Connection refused", line);
    }

    [Fact]
    public async Task Run_against_an_influxdb_that_does_not_answer_exits_3_with_one_line_and_no_stack_trace()
    {
        using var daemon = new DaemonProcess(["run", .. Settings($"Sink:Influx:Url=http://127.0.0.1:{DaemonSettings.FreePort()}",
            "Sink:Influx:StartupTimeoutMs=1000").SelectMany(s => new[] { "--set", s })]);

        Assert.Equal(3, await daemon.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("did not answer /ping within 1000 ms", daemon.Output);
        Assert.DoesNotContain("   at ", daemon.Output);
    }

    [Fact]
    public async Task Run_with_the_v2_api_against_influxdb_1_6_exits_2_naming_the_version_and_no_stack_trace()
    {
        using var influx = new InfluxFixture();
        using var daemon = new DaemonProcess(["run", .. Settings($"Sink:Influx:Url={influx.Url}", "Sink:Influx:ApiVersion=V2",
            "Sink:Influx:Token=t").SelectMany(s => new[] { "--set", s })]);

        Assert.Equal(2, await daemon.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Matches(@"is version 1\.\d+", daemon.Output);
        Assert.Contains("Sink:Influx:ApiVersion=V1", daemon.Output);
        Assert.DoesNotContain("   at ", daemon.Output);
    }

    /// <summary>A daemon reading an unreachable broker into the given sink settings (dead letters to a file).</summary>
    private string[] Settings(params string[] sink) =>
    [
        $"Kafka:BootstrapServers=127.0.0.1:{DaemonSettings.FreePort()}", "Pipelines:0:Name=ecg", "Pipelines:0:Topics:0=ecg",
        $"Pipelines:0:ModelPath={models.Dense}", "Pipelines:0:Format:Format=Window", "Pipelines:0:Format:WindowLength=140",
        "Pipelines:0:Window:WindowLength=140", "Pipelines:0:Window:Hop=140", "Http:Urls=http://127.0.0.1:0",
        "DeadLetter:Target=File", $"DeadLetter:FilePath={Path.Combine(_directory, "dead.jsonl")}", .. sink,
    ];

    /// <summary>The 503 body once it names a refused connection; null before (not listening yet, or still connecting).</summary>
    private static string? ReadyzWhenRefused(HttpClient http)
    {
        try
        {
            using var response = http.GetAsync("/readyz").GetAwaiter().GetResult();
            var text = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
            return response.StatusCode == HttpStatusCode.ServiceUnavailable && text.Contains("Connection refused", StringComparison.Ordinal) ? text : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [GeneratedRegex("Connection refused")]
    private static partial Regex RefusedLine();
}
