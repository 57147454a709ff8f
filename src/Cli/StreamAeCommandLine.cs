using System.CommandLine;
using StreamAe.Cli.Terminal;
using StreamAe.Detector.Hosting;
using StreamAe.Tools.Data;

namespace StreamAe.Cli;

/// <summary>The `streamae` command tree. Exit codes: 0 success, 1 runtime failure, 2 bad usage or configuration (a
/// restart cannot help: the systemd unit's RestartPreventExitStatus), 3 a dependency (Kafka, InfluxDB) unreachable
/// within its timeout (a restart may help).</summary>
internal static class StreamAeCommandLine
{
    public const int UsageError = 2;

    public const int DependencyUnavailable = 3;

    /// <summary>Commands that run a model: libtorch is loaded (and its failure explained) before they start.</summary>
    private static readonly HashSet<string> TorchCommands = ["demo", "run", "train", "evaluate", "score", "bench"];

    public static RootCommand Build()
    {
        CsvSeriesData.Register();
        var root = new RootCommand("StreamAe: streaming time-series anomaly detection with autoencoders (Kafka → model → InfluxDB).");
        foreach (var command in Commands())
        {
            root.Add(command);
        }
        return root;
    }

    private static IEnumerable<Command> Commands()
    {
        yield return DemoCommand.Create();
        yield return RunCommand.Create();
        yield return TrainCommand.Create();
        yield return EvaluateCommand.Create();
        yield return ScoreCommand.Create();
        yield return ProduceCommand.Create();
        yield return ReportCommand.Create();
        yield return HealthCommand.Create();
        yield return BenchCommand.Create();
    }

    public static async Task<int> RunAsync(string[] args)
    {
        ConsoleWidth.Apply();
        var parsed = Build().Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                Console.Error.WriteLine($"streamae: {error.Message}");
            }
            Console.Error.WriteLine("Run 'streamae --help' (or 'streamae <command> --help') for usage.");
            return UsageError;
        }
        if (TorchCommands.Contains(parsed.CommandResult.Command.Name) && !TorchNativeCheck.TryLoad(Console.Error))
        {
            return 1;
        }
        return await parsed.InvokeAsync();
    }
}
