using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using StreamAe.Cli.Terminal;
using StreamAe.Detector.Decision;
using StreamAe.Detector.Decision.Thresholds;
using StreamAe.Model.Jobs;
using StreamAe.Model.ModelFile;
using StreamAe.Model.Scoring;
using StreamAe.Model.Training;
using StreamAe.Tools.Data;
using StreamAe.Tools.Evaluation;
using StreamAe.Tools.Offline;

namespace StreamAe.Cli;

/// <summary><c>streamae evaluate</c>: model + labelled windows → report.json, PNG plots and a metrics table.</summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var model = ModelCommandOptions.Model();
        var data = ModelCommandOptions.Data();
        var format = ModelCommandOptions.Format();
        var csv = new CsvCommandOptions();
        var decision = new DecisionCommandOptions();
        var normalLabel = new Option<double?>("--normal-label") { Description = "Rows with this label are normal (default: the label the model was trained with)." };
        var device = ModelCommandOptions.Device();
        var threads = ModelCommandOptions.Threads(ModelCommandOptions.DefaultScorerThreads);
        var noPlots = new Option<bool>("--no-plots") { Description = "Write report.json only." };
        var output = new Option<DirectoryInfo>("--out") { Description = "Output directory for report.json and the PNGs.", Required = true };
        var quiet = ModelCommandOptions.Quiet();
        var window = ModelCommandOptions.Window();
        var hop = new Option<int>("--hop") { Description = "For csv: hop between windows (default: the model's; 1 for a learned model)." };

        var command = new Command("evaluate",
            "Score labelled data with a model; write report.json and plots. A csv series is replayed through the daemon's decision path " +
            "(--threshold-*/--alerting-* as in score) and judged by F1 / FAR / MAR, PR-AUC of the calibrated score and the event score.")
        {
            model, data, format, normalLabel, device, threads, noPlots, output, quiet, window, hop,
        };
        foreach (var option in csv.All.Concat(decision.All))
        {
            command.Add(option);
        }
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(format) == CsvSeriesData.Format)
            {
                return EvaluateSeries(parse, model, data, csv, decision, device, threads, noPlots, output, window, hop);
            }
            if (parse.GetValue(model) is null)
            {
                return CliFailure.BadArguments([$"model: --model is required for {parse.GetValue(format)} data."]);
            }
            var options = new EvaluateJobOptions
            {
                ModelPath = parse.GetRequiredValue(model).FullName,
                DataPath = DataArgument.Resolve(parse.GetRequiredValue(data)),
                Format = parse.GetValue(format)!,
                NormalLabel = parse.GetValue(normalLabel),
                OutputDirectory = parse.GetRequiredValue(output).FullName,
                Plots = !parse.GetValue(noPlots),
                Scorer = new ScorerOptions { Device = parse.GetValue(device)!, Threads = parse.GetValue(threads) },
            };
            var errors = options.Validate();
            if (errors.Count > 0)
            {
                return CliFailure.BadArguments(errors);
            }
            try
            {
                string? stage = null;
                var evaluation = Task.Run(() => EvaluateJob.Run(options, next => stage = next), cancellationToken);
                Print(await ProgressOutput.For(parse.GetValue(quiet)).TrackAsync("evaluating", null, null, evaluation, () => stage));
                return 0;
            }
            catch (Exception e) when (JobErrors.IsUserError(e))
            {
                return CliFailure.BadArguments([e.Message]);
            }
        });
        return command;
    }

    private static int EvaluateSeries(ParseResult parse, Option<FileInfo> model, Option<string> data, CsvCommandOptions csv,
        DecisionCommandOptions decision, Option<string> device, Option<int> threads, Option<bool> noPlots, Option<DirectoryInfo> output,
        Option<int> window, Option<int> hop)
    {
        try
        {
            var (threshold, alerting, learning) = decision.Read(parse, wholeWindows: false);
            var dataPath = DataArgument.Resolve(parse.GetRequiredValue(data));
            var outDirectory = parse.GetRequiredValue(output).FullName;
            using var series = SeriesModel.Open(parse.GetValue(model), parse.GetValue(window), parse.GetValue(hop), learning,
                new ScorerOptions { Device = parse.GetValue(device)!, Threads = parse.GetValue(threads) },
                dataPath, Path.Combine(outDirectory, "learned-models"));
            var windows = CsvSeriesData.Windows(dataPath, series.Shape, csv.Read(parse));
            var result = SeriesEvaluation.Run(series.Replay(windows, new DecisionStage(threshold, alerting)), threshold,
                outDirectory, plots: !parse.GetValue(noPlots));
            Print(result, series.Name, threshold);
            return 0;
        }
        catch (Exception e) when (JobErrors.IsUserError(e))
        {
            return CliFailure.BadArguments([e.Message]);
        }
    }

    private static void Print(SeriesEvaluationResult result, string modelName, ThresholdOptions threshold)
    {
        var r = result.Report;
        static string F(double value) => double.IsNaN(value) ? "n/a" : value.ToString("F4", CultureInfo.InvariantCulture);
        var table = new Table().AddColumn("metric").AddColumn(new TableColumn("value").RightAligned());
        table.Title = new TableTitle(Markup.Escape($"{modelName} · threshold mode {threshold.Mode} · {result.Series} series"));
        table.AddRow("precision / recall / F1", $"{F(r.Precision)} / {F(r.Recall)} / {F(r.F1)}");
        table.AddRow("FAR / MAR", $"{F(r.FalseAlarmRate)} / {F(r.MissedAlarmRate)}");
        table.AddRow("PR-AUC (calibrated score)", F(r.PrAuc));
        table.AddRow("event score (0 silent, 100 perfect)", r.Events.Score.ToString("F1", CultureInfo.InvariantCulture));
        table.AddRow("events detected", $"{r.Events.Detected} / {r.Events.Events}, mean delay {F(r.Events.MeanDetectionDelayWindows)} windows");
        table.AddRow("false-alarm runs / windows", $"{r.Events.FalseAlarmRuns} / {r.Events.FalseAlarmWindows}");
        table.AddRow("normal / anomalous windows", $"{r.NormalWindows} / {r.AnomalousWindows}");
        table.AddRow("TP / FP / TN / FN", $"{r.TruePositives} / {r.FalsePositives} / {r.TrueNegatives} / {r.FalseNegatives}");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(Markup.Escape($"wrote {result.ReportPath} and {result.Plots.Count} plots"));
    }

    private static void Print(EvaluationSummary summary)
    {
        var r = summary.Report;
        static string F(double value) => double.IsNaN(value) ? "n/a" : value.ToString("F4", CultureInfo.InvariantCulture);
        var table = new Table().AddColumn("metric").AddColumn(new TableColumn("value").RightAligned());
        table.Title = new TableTitle(Markup.Escape($"{summary.ModelName} · threshold {summary.ThresholdMethod}"));
        table.AddRow("accuracy", F(r.Accuracy));
        table.AddRow("precision (anomaly)", F(r.Precision));
        table.AddRow("recall (anomaly)", F(r.Recall));
        table.AddRow("F1 (anomaly)", F(r.F1));
        table.AddRow("ROC-AUC", F(r.RocAuc));
        table.AddRow("PR-AUC", F(r.PrAuc));
        table.AddRow("threshold", r.Threshold.ToString("G6", CultureInfo.InvariantCulture));
        table.AddRow("normal / anomalous", $"{r.NNormal} / {r.NAnomalous}");
        table.AddRow("TP / FP / TN / FN", $"{r.TruePositives} / {r.FalsePositives} / {r.TrueNegatives} / {r.FalseNegatives}");
        table.AddRow("scoring windows/s", summary.WindowsPerSecond.ToString("N0", CultureInfo.InvariantCulture));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(Markup.Escape($"wrote {summary.ReportPath} and {summary.Plots.Count} plots"));
    }
}
