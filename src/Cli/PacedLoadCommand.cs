using System.CommandLine;
using StreamAe.Tools.Bench;
using StreamAe.Tools;
using StreamAe.Ingest.Formats;

namespace StreamAe.Cli;

/// <summary><c>streamae bench paced-load</c> (hidden): the paced suite's child process, a mock Kafka cluster and
/// its load generator; see <see cref="PacedLoadProcess"/> for the conversation with the benchmark.</summary>
internal static class PacedLoadCommand
{
    public static Command Create()
    {
        var topic = new Option<string>("--topic") { Required = true };
        var partitions = new Option<int>("--partitions") { Required = true };
        var format = new Option<MessageFormat>("--format") { Required = true };
        var rate = new Option<double>("--rate") { Required = true };
        var duration = new Option<double>("--duration") { Required = true };
        var command = new Command("paced-load", "The paced benchmark's Kafka cluster and load generator (started by the benchmark).")
        {
            topic, partitions, format, rate, duration,
        };
        command.Hidden = true;
        command.SetAction(async (parsed, _) =>
        {
            using var cluster = EmbeddedDaemon.StartCluster(parsed.GetValue(topic)!, parsed.GetValue(partitions));
            Console.WriteLine(PacedLoadProcess.BootstrapPrefix + cluster.BootstrapServers);
            if (await Console.In.ReadLineAsync() != PacedLoadProcess.Go)
            {
                return 1;
            }
            PacedLoadGenerator.Produce(cluster.BootstrapServers, parsed.GetValue(topic)!, parsed.GetValue(format), parsed.GetValue(rate),
                TimeSpan.FromSeconds(parsed.GetValue(duration)));
            Console.WriteLine(PacedLoadProcess.Produced);
            while (await Console.In.ReadLineAsync() != null)
            {
                // the cluster serves the daemon's fetches and commits until the benchmark closes our input
            }
            return 0;
        });
        return command;
    }
}
