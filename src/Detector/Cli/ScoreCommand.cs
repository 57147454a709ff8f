using System.CommandLine;
using StreamAe.Model.Jobs;
using StreamAe.Model.Scoring;
using StreamAe.Model.Training;

namespace StreamAe.Detector.Cli;

/// <summary><c>streamae score</c>: a row per window, <c>series,ts,score,threshold,anomaly</c>, in input order.</summary>
internal static class ScoreCommand
{
    public static Command Create()
    {
        var model = new Option<FileInfo>("--model") { Description = "Model file.", Required = true };
        var data = new Option<FileInfo>("--data") { Description = "Data file.", Required = true };
        var format = new Option<string>("--format") { Description = "Data format.", DefaultValueFactory = _ => DataFormats.Ucr };
        format.AcceptOnlyFromAmong([.. DataFormats.Names]);
        var device = new Option<string>("--device") { Description = "auto, cpu or cuda.", DefaultValueFactory = _ => DeviceSelector.Auto };
        device.AcceptOnlyFromAmong([.. DeviceSelector.Names]);
        var threads = new Option<int>("--threads") { Description = "libtorch intra-op threads (0 = libtorch default).", DefaultValueFactory = _ => new ScorerOptions().Threads };
        var output = new Option<FileInfo>("--out") { Description = "CSV file to write.", Required = true };

        var command = new Command("score", "Score every window of a file: series,ts,score,threshold,anomaly, in input order.")
        {
            model, data, format, device, threads, output,
        };
        command.SetAction(parse =>
        {
            try
            {
                var outPath = parse.GetRequiredValue(output).FullName;
                var rows = ScoreJob.Run(
                    parse.GetRequiredValue(model).FullName,
                    parse.GetRequiredValue(data).FullName,
                    parse.GetValue(format)!,
                    outPath,
                    new ScorerOptions { Device = parse.GetValue(device)!, Threads = parse.GetValue(threads) });
                Console.Error.WriteLine($"wrote {rows} rows to {outPath}");
                return 0;
            }
            catch (Exception e) when (JobErrors.IsUserError(e))
            {
                return CliFailure.BadArguments([e.Message]);
            }
        });
        return command;
    }
}
