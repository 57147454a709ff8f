using Microsoft.Extensions.Logging;
using StreamAe.Cli.Terminal;
using StreamAe.Contracts;
using StreamAe.Ingest.Source;
using StreamAe.Tools.Replay;

namespace StreamAe.Cli;

/// <summary><c>streamae produce</c> after its arguments are checked: the broker and topic first (within the timeout,
/// one line when not there), then the replay with its progress.</summary>
internal static class ReplayRun
{
    public static async Task<int> RunAsync(string bootstrap, ReplayOptions options, string path, TimeSpan timeout,
        ProgressOutput progress, CancellationToken cancellationToken)
    {
        using var loggers = CliLogging.Create();
        var logger = loggers.CreateLogger("StreamAe.Produce");
        if (EnsureTopic(bootstrap, options.Topic, timeout, logger) is { } failed)
        {
            return failed;
        }
        // A delivery that the broker does not confirm in time fails (and is counted) instead of waiting 5 minutes.
        var deliveryTimeout = (int)Math.Max(timeout.TotalMilliseconds, 30_000);
        using var producer = ReplayProducer.CreateProducer(bootstrap, [new("message.timeout.ms", deliveryTimeout.ToString(System.Globalization.CultureInfo.InvariantCulture))], logger);
        var replay = new ReplayProducer(producer, options);
        var total = options.Repeat == 0 ? null : MessageCount(path, options) * options.Repeat;
        ReplayResult result;
        try
        {
            result = await progress.TrackAsync($"producing to {options.Topic}", total, () => replay.MessagesSent,
                Task.Run(() => replay.RunAsync(path, cancellationToken), cancellationToken)); // at full speed it never yields
        }
        catch (Exception e) when (e is FormatException or InvalidDataException)
        {
            // A malformed data file is the user's to fix: one line and exit 2, as the model commands answer it.
            Console.Error.WriteLine($"streamae produce: {e.Message}");
            return StreamAeCommandLine.UsageError;
        }
        Console.WriteLine($"produced {result.Messages} messages ({result.Anomalous} labelled anomalous, {result.Failed} failed) to {options.Topic} in {result.Elapsed.TotalSeconds:0.0} s");
        if (result.Failed > 0)
        {
            Console.Error.WriteLine($"streamae produce: {result.Failed} messages were not confirmed by Kafka at {bootstrap} within {deliveryTimeout / 1000} s.");
        }
        return result.Failed == 0 ? 0 : 1;
    }

    /// <summary><c>produce --check</c>: the broker answers and has the topic.</summary>
    public static int Check(string bootstrap, string topic, TimeSpan timeout)
    {
        using var loggers = CliLogging.Create();
        return EnsureTopic(bootstrap, topic, timeout, loggers.CreateLogger("StreamAe.Produce")) ?? 0;
    }

    /// <summary>Null when the topic is there; otherwise the exit code, after one line on stderr.</summary>
    private static int? EnsureTopic(string bootstrap, string topic, TimeSpan timeout, ILogger logger)
    {
        try
        {
            KafkaReachability.EnsureTopic(bootstrap, topic, timeout, logger);
            return null;
        }
        catch (DependencyUnavailableException e)
        {
            Console.Error.WriteLine($"streamae produce: {e.Message}");
            return StreamAeCommandLine.DependencyUnavailable;
        }
        catch (InvalidOperationException e)
        {
            Console.Error.WriteLine($"streamae produce: {e.Message}");
            return StreamAeCommandLine.UsageError;
        }
    }

    /// <summary>Messages one pass sends, where known without parsing: a UCR row or a CSV sample row is one message.</summary>
    private static double? MessageCount(string path, ReplayOptions options)
    {
        if (options.FileFormat == ReplayFileFormat.Csv && options.MessageFormat != Ingest.Parsing.MessageFormat.Sample)
        {
            return null;
        }
        var rows = File.ReadLines(path).Count(line => line.Length > 0);
        return options.FileFormat == ReplayFileFormat.Csv ? rows - 1 : rows;
    }
}
