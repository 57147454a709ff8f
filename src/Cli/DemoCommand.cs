using System.CommandLine;
using Spectre.Console;
using StreamAe.Contracts;
using StreamAe.Tools.Demo;

namespace StreamAe.Cli;

/// <summary><c>streamae demo</c>: the whole product on one machine, no Kafka or InfluxDB to install.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var model = new Option<string?>("--model") { Description = "Model file to score with (default: train one on the shipped ECG training beats, in seconds)." };
        var influx = new Option<string?>("--influx-url") { Description = "Write to this InfluxDB (v1 API, e.g. http://127.0.0.1:8086) instead of a local file." };
        var database = new Option<string>("--influx-db") { Description = "InfluxDB database (created when missing).", DefaultValueFactory = _ => "streamae" };
        var output = new Option<string>("--out") { Description = "Line-protocol file written when no --influx-url is given.", DefaultValueFactory = _ => "streamae-demo.lp" };
        var beats = new Option<int>("--beats") { Description = "How many ECG5000 test beats to replay (at most 4500).", DefaultValueFactory = _ => 4500 };
        var series = new Option<int>("--series") { Description = "Series (patients) the beats are spread over.", DefaultValueFactory = _ => 12 };
        var rate = new Option<double>("--rate") { Description = "Beats per second to produce; 0 = as fast as possible.", DefaultValueFactory = _ => 0 };
        var partitions = new Option<int>("--partitions") { Description = "Partitions of the demo topic.", DefaultValueFactory = _ => 4 };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for every window to be written.", DefaultValueFactory = _ => 90 };
        var plain = new Option<bool>("--plain") { Description = "Progress as plain lines instead of a live table (automatic when output is not a terminal)." };
        var command = new Command("demo", "Zero-config demo: embedded Kafka, replayed labelled ECG beats, autoencoder scoring, scores to InfluxDB or a file, and a summary.")
        {
            model, influx, database, output, beats, series, rate, partitions, timeout, plain,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var settings = new DemoSettings(parsed.GetValue(model), parsed.GetValue(influx), parsed.GetValue(database)!,
                parsed.GetValue(output)!, parsed.GetValue(beats), parsed.GetValue(series), parsed.GetValue(rate),
                parsed.GetValue(partitions), TimeSpan.FromSeconds(parsed.GetValue(timeout)),
                Live: !parsed.GetValue(plain) && AnsiConsole.Profile.Capabilities.Interactive);
            if (settings.Beats < 1 || settings.Series < 1 || settings.Partitions < 1 || settings.Rate < 0)
            {
                Console.Error.WriteLine("streamae demo: --beats, --series and --partitions must be positive and --rate not negative.");
                return StreamAeCommandLine.UsageError;
            }
            try
            {
                return await new DemoRunner(settings, AnsiConsole.Console).RunAsync(cancellationToken);
            }
            catch (DependencyUnavailableException e)
            {
                Console.Error.WriteLine($"streamae demo: {e.Message}");
                return StreamAeCommandLine.DependencyUnavailable;
            }
            catch (Exception e) when (e is InvalidOperationException or InvalidDataException)
            {
                // e.g. InfluxDB refusing the credentials or the database, a model that does not fit the ECG beats
                Console.Error.WriteLine($"streamae demo: {e.Message}");
                return StreamAeCommandLine.UsageError;
            }
        });
        return command;
    }
}
