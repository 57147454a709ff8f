using System.CommandLine;
using StreamAe.Cli.Terminal;
using StreamAe.Ingest.Parsing;
using StreamAe.Tools.Demo;
using StreamAe.Tools.Replay;

namespace StreamAe.Cli;

/// <summary><c>streamae produce</c>: replays a data file into a Kafka topic, for trying a deployment.</summary>
internal static class ProduceCommand
{
    public static Command Create()
    {
        var bootstrap = new Option<string>("--bootstrap") { Description = "Kafka bootstrap servers, e.g. localhost:9092.", Required = true };
        var topic = new Option<string>("--topic") { Description = "Topic to write to.", Required = true };
        var data = new Option<string>("--data") { Description = "File to replay, or builtin:ecg5000-train / builtin:ecg5000-test.", Required = true };
        var format = new Option<string>("--format") { Description = "ucr (rows → labelled window messages) or csv (rows → sample or chunk messages).", DefaultValueFactory = _ => "ucr" };
        format.AcceptOnlyFromAmong("ucr", "csv");
        var messageFormat = new Option<string>("--message-format") { Description = "For csv: sample or chunk.", DefaultValueFactory = _ => "sample" };
        messageFormat.AcceptOnlyFromAmong("sample", "chunk");
        var rate = new Option<double>("--rate") { Description = "Messages per second; 0 = as fast as possible.", DefaultValueFactory = _ => 0 };
        var series = new Option<int>("--series") { Description = "For ucr: rows are spread over this many series.", DefaultValueFactory = _ => 16 };
        var repeat = new Option<int>("--repeat") { Description = "Replay the file this many times (the time line continues); 0 = until stopped.", DefaultValueFactory = _ => 1 };
        var wallClock = new Option<bool>("--wall-clock") { Description = "For ucr: send each window when its last sample's time comes (live pace, time line from now) instead of at --rate." };
        var timeout = new Option<double>("--timeout") { Description = "Seconds to wait for the broker to answer (and for each delivery) before giving up.", DefaultValueFactory = _ => 15 };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress, only the closing line." };
        var check = new Option<bool>("--check") { Description = "Only check that the broker answers and has the topic (exit 0, or 3 and one line), e.g. as a health check." };
        var valueColumns = new Option<string[]>("--value-column") { Description = "For csv: value column(s); default all numeric columns but time and label." };
        var timeColumn = new Option<string?>("--time-column") { Description = "For csv: the time column." };
        var labelColumn = new Option<string?>("--label-column") { Description = "For csv: a label column (1/true = anomalous)." };
        var command = new Command("produce", "Replay a data file into a Kafka topic at a set rate (keyed by series).")
        {
            bootstrap, topic, data, format, messageFormat, rate, series, repeat, wallClock, timeout, quiet, check, valueColumns, timeColumn, labelColumn,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var options = new ReplayOptions
            {
                Topic = parsed.GetValue(topic)!,
                FileFormat = parsed.GetValue(format) == "csv" ? ReplayFileFormat.Csv : ReplayFileFormat.Ucr,
                MessageFormat = parsed.GetValue(messageFormat) == "chunk" ? MessageFormat.Chunk : MessageFormat.Sample,
                MessagesPerSecond = parsed.GetValue(rate),
                SeriesCount = parsed.GetValue(series),
                Repeat = parsed.GetValue(repeat),
                WallClock = parsed.GetValue(wallClock),
            };
            options.Csv.TimeColumn = parsed.GetValue(timeColumn);
            options.Csv.LabelColumn = parsed.GetValue(labelColumn);
            options.Csv.ValueColumns = parsed.GetValue(valueColumns) ?? [];
            if (parsed.GetValue(check))
            {
                return ReplayRun.Check(parsed.GetValue(bootstrap)!, options.Topic, TimeSpan.FromSeconds(parsed.GetValue(timeout)));
            }
            var errors = options.Validate(ReplayOptions.Section).ToList();
            if (errors.Count > 0)
            {
                Console.Error.WriteLine($"streamae produce: {string.Join(" ", errors)}");
                return StreamAeCommandLine.UsageError;
            }
            string path;
            try
            {
                path = BuiltinData.Resolve(parsed.GetValue(data)!);
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"streamae produce: {e.Message}");
                return StreamAeCommandLine.UsageError;
            }
            if (!File.Exists(path))
            {
                Console.Error.WriteLine($"streamae produce: data file '{path}' does not exist.");
                return StreamAeCommandLine.UsageError;
            }
            var wait = TimeSpan.FromSeconds(parsed.GetValue(timeout));
            if (wait <= TimeSpan.Zero)
            {
                Console.Error.WriteLine("streamae produce: --timeout must be positive.");
                return StreamAeCommandLine.UsageError;
            }
            return await ReplayRun.RunAsync(parsed.GetValue(bootstrap)!, options, path, wait,
                ProgressOutput.For(parsed.GetValue(quiet)), cancellationToken);
        });
        return command;
    }
}
