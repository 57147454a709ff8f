using System.Text.Json;
using System.Text.RegularExpressions;

namespace StreamAe.IntegrationTests;

/// <summary>
/// The mistakes users make, fed to the real executable: each is answered with one message that points at the fix and
/// the exit code for its kind (2: the input or configuration, 3: a dependency that did not answer), never a stack trace.
/// </summary>
[Collection(DetectorCollection.Name)]
public sealed partial class CliMistakesTests(TrainedModels models) : IDisposable
{
    private const string BadJson = "{\n  \"Kafka\": {\n    \"BootstrapServers\": \"x\",\n  }\n  \"Pipelines\": []\n}\n";
    private readonly string _directory = Directory.CreateTempSubdirectory("streamae-mistakes-").FullName;

    public static TheoryData<string, string[], int, string> Mistakes => new()
    {
        { "configuration file missing", ["run", "--config", "{dir}/missing.json"], 2, "configuration file '{dir}/missing.json' does not exist" },
        { "configuration not JSON", ["run", "--config", "{dir}/bad.json"], 2, "{dir}/bad.json: not valid JSON at line 5, position 3:" },
        { "mistyped key", ["run", .. Daemon, "--set", "Pipelines:0:ModelPth=x"], 2, "Pipelines:0:ModelPth is not a setting of streamae run; did you mean Pipelines:0:ModelPath?" },
        { "mistyped enum value", ["run", .. Daemon, "--set", "Pipelines:0:Threshold:Mode=Adaptiv"], 2, "Pipelines:0:Threshold:Mode has 'Adaptiv', which is not one of Adaptive, Static, Spot, Rolling." },
        { "override without a value", ["run", "--set", "Kafka:BootstrapServers"], 2, "'Kafka:BootstrapServers' is not Key=Value" },
        { "unknown log formatter", ["run", .. Daemon, "--set", "Logging:Console:FormatterName=xml"], 2, "Logging:Console:FormatterName has 'xml', which is not one of simple, json, systemd." },
        { "unknown built-in data", ["train", "--data", "builtin:ecg", "--out", "{dir}/m.model"], 2, "unknown built-in data set 'builtin:ecg'; available: builtin:ecg5000-train, builtin:ecg5000-test." },
        { "data file missing", ["train", "--data", "{dir}/beats.tsv", "--out", "{dir}/m.model"], 2, "'{dir}/beats.tsv' does not exist" },
        { "unknown architecture", ["train", "--data", "builtin:ecg5000-train", "--arch", "transformer", "--out", "{dir}/m.model"], 2, "'transformer'" },
        { "model file missing", ["score", "--model", "{dir}/none.model", "--data", "builtin:ecg5000-test", "--out", "{dir}/s.csv"], 2, "Model file '{dir}/none.model' does not exist" },
        { "unknown data format", ["evaluate", "--model", "{dense}", "--data", "builtin:ecg5000-test", "--format", "xyz", "--out", "{dir}/e"], 2, "'xyz'" },
        { "broker not answering", ["produce", "--bootstrap", "127.0.0.1:1", "--topic", "t", "--data", "builtin:ecg5000-test", "--timeout", "3"], 3, "Kafka at 127.0.0.1:1 did not answer within 3 s" },
        { "report of a missing file", ["report", "{dir}/none.lp", "--out", "{dir}/r"], 2, "'{dir}/none.lp' does not exist" },
        { "report of a file that is not sink output", ["report", "{dir}/garbage.jsonl", "--out", "{dir}/r"], 2, "{dir}/garbage.jsonl, line 1: not a StreamAe JSON line" },
        { "daemon not answering", ["health", "--url", "http://127.0.0.1:1", "--timeout", "2"], 3, "no answer from http://127.0.0.1:1/readyz" },
        { "live rate too low for the peer suite", ["bench", "--suite", "peer", "--peer-live-rates", "20000", "500"], 2, "--peer-live-rates takes rates of at least 1000 samples/s." },
        { "peer suite without its peer", ["bench", "--suite", "peer", "--peer-live-rates"], 2, "The peer suite needs --peer-dir (the Python peer's folder) and --influx-url." },
        { "unknown command", ["frobnicate"], 2, "Unrecognized command or argument 'frobnicate'" },
    };

    /// <summary>Settings that make a valid daemon but for the one mistake a row adds.</summary>
    private static string[] Daemon =>
        ["--set", "Kafka:BootstrapServers=127.0.0.1:1", "--set", "Pipelines:0:Name=ecg", "--set", "Pipelines:0:Topics:0=ecg",
         "--set", "Pipelines:0:ModelPath={dense}", "--set", "Sink:File:Path={dir}/out.lp", "--set", "Http:Urls=0"];

    [Theory]
    [MemberData(nameof(Mistakes))]
    public async Task A_mistake_is_one_message_naming_the_fix_with_its_exit_code_and_no_stack_trace(string mistake, string[] arguments, int exitCode, string message)
    {
        await File.WriteAllTextAsync(Path.Combine(_directory, "bad.json"), BadJson);
        await File.WriteAllTextAsync(Path.Combine(_directory, "garbage.jsonl"), "garbage\n");
        using var command = new DaemonProcess([.. arguments.Select(Expand)]);

        Assert.Equal(exitCode, await command.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.True(command.Output.Contains(Expand(message), StringComparison.Ordinal), $"{mistake}: expected '{Expand(message)}' in:\n{command.Output}");
        Assert.DoesNotMatch(StackFrame(), command.Output);
        Assert.DoesNotContain("Unhandled exception", command.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("json")]
    [InlineData("systemd")]
    public async Task The_daemon_logs_with_the_console_formatter_the_Logging_section_names(string formatter)
    {
        using var daemon = new DaemonProcess(
            new Dictionary<string, string> { ["STREAMAE_Logging__Console__FormatterName"] = formatter },
            ["run", .. Daemon.Select(Expand)]);
        var started = await WaitForAsync(daemon, output => output.Contains("Pipeline ecg started", StringComparison.Ordinal));
        daemon.Terminate();
        await daemon.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.True(started, daemon.Output);
        var lines = daemon.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(line => line.Contains("Pipeline ecg started", StringComparison.Ordinal)).ToList();
        var line = Assert.Single(lines);
        if (formatter == "json")
        {
            using var entry = JsonDocument.Parse(line);
            Assert.Equal("Information", entry.RootElement.GetProperty("LogLevel").GetString());
        }
        else
        {
            Assert.StartsWith("<6>", line, StringComparison.Ordinal); // journald's priority for information
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Expand(string text) => text.Replace("{dir}", _directory, StringComparison.Ordinal).Replace("{dense}", models.Dense, StringComparison.Ordinal);

    private static async Task<bool> WaitForAsync(DaemonProcess process, Func<string, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            if (condition(process.Output))
            {
                return true;
            }
            await Task.Delay(100);
        }
        return condition(process.Output);
    }

    [GeneratedRegex(@"\n\s+at \S+\(")]
    private static partial Regex StackFrame();
}
