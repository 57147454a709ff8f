using System.CommandLine;
using StreamAe.Ingest.Parsing;
using StreamAe.Tools;
using StreamAe.Tools.Bench;

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
        // The mock cluster cannot create topics through the admin API, so a topic a daemon needs besides the input
        // (the decision state changelog) is created here, with as many partitions as the input.
        var extraTopics = new Option<string[]>("--extra-topic");
        // Kafka's group.initial.rebalance.delay.ms (3 s on a real broker; 0 here by default): daemons started
        // together then share the first assignment instead of the first to join taking every partition.
        var rebalanceDelay = new Option<int>("--initial-rebalance-delay-ms");
        var command = new Command("paced-load", "The paced benchmark's Kafka cluster and load generator (started by the benchmark).")
        {
            topic, partitions, format, rate, duration, extraTopics, rebalanceDelay,
        };
        command.Hidden = true;
        command.SetAction(async (parsed, _) =>
        {
            using var cluster = EmbeddedDaemon.StartCluster(parsed.GetValue(topic)!, parsed.GetValue(partitions));
            foreach (var extra in parsed.GetValue(extraTopics) ?? [])
            {
                cluster.CreateTopic(extra, parsed.GetValue(partitions));
            }
            cluster.SetGroupInitialRebalanceDelay(TimeSpan.FromMilliseconds(parsed.GetValue(rebalanceDelay)));
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
