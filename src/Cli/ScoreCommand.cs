using System.CommandLine;
using StreamAe.Contracts;
using StreamAe.Detector.Decision;
using StreamAe.Ingest.Files;
using StreamAe.Model.Data;
using StreamAe.Model.Jobs;
using StreamAe.Model.ModelFile;
using StreamAe.Model.Scoring;
using StreamAe.Tools.Data;
using StreamAe.Tools.Offline;

namespace StreamAe.Cli;

/// <summary><c>streamae score</c>: every window of a file through the daemon's scoring and decision path, a CSV row
/// per window (<see cref="DecisionCsv"/>), in input order.</summary>
internal static class ScoreCommand
{
    public static Command Create()
    {
        var model = ModelCommandOptions.Model();
        var data = ModelCommandOptions.Data();
        var format = ModelCommandOptions.Format();
        var csv = new CsvCommandOptions();
        var decision = new DecisionCommandOptions();
        var device = ModelCommandOptions.Device();
        var threads = ModelCommandOptions.Threads(ModelCommandOptions.DefaultScorerThreads);
        var output = new Option<FileInfo>("--out") { Description = "CSV file to write.", Required = true };
        var window = ModelCommandOptions.Window();
        var hop = new Option<int>("--hop") { Description = "For csv: hop between windows (default: the model's; 1 for a learned model)." };

        var command = new Command("score",
            $"Score every window of a file and decide it as the daemon would (same --threshold-*/--alerting-* settings and defaults): {DecisionCsv.Header}.")
        {
            model, data, format, device, threads, output, window, hop,
        };
        foreach (var option in csv.All.Concat(decision.All))
        {
            command.Add(option);
        }
        command.SetAction(parse =>
        {
            try
            {
                var outPath = parse.GetRequiredValue(output).FullName;
                var scorerOptions = new ScorerOptions { Device = parse.GetValue(device)!, Threads = parse.GetValue(threads) };
                var dataPath = DataArgument.Resolve(parse.GetRequiredValue(data));
                var isCsv = parse.GetValue(format) == CsvSeriesData.Format;
                var (threshold, alerting, learning) = decision.Read(parse, wholeWindows: !isCsv);
                Directory.CreateDirectory(Path.GetDirectoryName(outPath)!);
                using var writer = new StreamWriter(outPath);
                var stage = new DecisionStage(threshold, alerting);
                long rows;
                if (isCsv)
                {
                    using var series = SeriesModel.Open(parse.GetValue(model), parse.GetValue(window), parse.GetValue(hop), learning, scorerOptions,
                        dataPath, Path.ChangeExtension(outPath, null) + "-learned-models");
                    rows = DecisionCsv.Write(series.Replay(CsvSeriesData.Windows(dataPath, series.Shape, csv.Read(parse)), stage), writer);
                }
                else
                {
                    var modelPath = parse.GetValue(model)?.FullName ?? throw new ArgumentException($"model: --model is required for {parse.GetValue(format)} data.");
                    using var scorer = BatchScorer.Load(modelPath, scorerOptions);
                    rows = DecisionCsv.Write(DecisionReplay.Run(scorer, WholeWindows(dataPath, parse.GetValue(format)!, ModelFileStore.ReadMetadata(modelPath)), stage), writer);
                }
                Console.Error.WriteLine($"wrote {rows} rows to {outPath} (threshold mode {threshold.Mode})");
                return 0;
            }
            catch (Exception e) when (JobErrors.IsUserError(e))
            {
                return CliFailure.BadArguments([e.Message]);
            }
        });
        return command;
    }

    /// <summary>A file of labelled windows (UCR rows) as one series named after the file; ts = the 0-based row.</summary>
    private static IEnumerable<Window> WholeWindows(string dataPath, string format, ModelMetadata metadata)
    {
        var set = DataFormats.Read(dataPath, format);
        if (set.WindowLength != metadata.WindowLength || set.Channels != metadata.Channels)
        {
            throw new ArgumentException($"data: rows of '{dataPath}' have {set.WindowLength} values; model '{metadata.Name}' expects {metadata.WindowLength}.");
        }
        var anomalous = set.AnomalousFlags(metadata.NormalLabel ?? 1);
        var series = Path.GetFileNameWithoutExtension(dataPath);
        for (var i = 0; i < set.Count; i++)
        {
            yield return new Window
            {
                Series = series, StartMs = i, EndMs = i, Values = set.Window(i).ToArray(),
                Length = set.WindowLength, Channels = set.Channels, Label = anomalous[i],
            };
        }
    }
}
