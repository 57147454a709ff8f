using System.CommandLine;
using StreamAe.Detector.Data;
using StreamAe.Ingest.Files;
using StreamAe.Model.Jobs;
using StreamAe.Model.ModelFile;
using StreamAe.Model.Scoring;
using StreamAe.Model.Training;

namespace StreamAe.Detector.Cli;

/// <summary><c>streamae score</c>: a row per window, <c>series,ts,score,threshold,anomaly</c>, in input order.</summary>
internal static class ScoreCommand
{
    public static Command Create()
    {
        var model = ModelCommandOptions.Model();
        var data = ModelCommandOptions.Data();
        var format = ModelCommandOptions.Format();
        var csv = new CsvCommandOptions();
        var device = ModelCommandOptions.Device();
        var threads = ModelCommandOptions.Threads(ModelCommandOptions.DefaultScorerThreads);
        var output = new Option<FileInfo>("--out") { Description = "CSV file to write.", Required = true };
        var hop = new Option<int>("--hop") { Description = "For csv: hop between windows (default: the model's)." };

        var command = new Command("score", "Score every window of a file: series,ts,score,threshold,anomaly, in input order.")
        {
            model, data, format, device, threads, output, hop,
        };
        foreach (var option in csv.All)
        {
            command.Add(option);
        }
        command.SetAction(parse =>
        {
            try
            {
                var outPath = parse.GetRequiredValue(output).FullName;
                var scorerOptions = new ScorerOptions { Device = parse.GetValue(device)!, Threads = parse.GetValue(threads) };
                var modelPath = parse.GetRequiredValue(model).FullName;
                var dataPath = DataArgument.Resolve(parse.GetRequiredValue(data));
                var rows = parse.GetValue(format) == CsvSeriesData.Format
                    ? ScoreCsv(modelPath, dataPath, csv.Read(parse), parse.GetValue(hop), outPath, scorerOptions)
                    : ScoreJob.Run(modelPath, dataPath, parse.GetValue(format)!, outPath, scorerOptions);
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

    /// <summary>A CSV series: windowed like the daemon windows a stream (model's W, the given or the model's hop),
    /// a row per window with the series and the window's last timestamp.</summary>
    private static long ScoreCsv(string modelPath, string dataPath, CsvFileOptions csv, int hop, string outPath, ScorerOptions options)
    {
        var metadata = ModelFileStore.ReadMetadata(modelPath);
        using var scorer = BatchScorer.Load(modelPath, options);
        var windows = CsvSeriesData.Windows(dataPath, new WindowShape(metadata.WindowLength, hop > 0 ? hop : metadata.Hop), csv);
        using var writer = new StreamWriter(outPath);
        return ScoreJob.WriteCsv(scorer, windows.Select(w => new ScoreInput(w.Series, w.EndMs, w.Values)), writer);
    }
}
