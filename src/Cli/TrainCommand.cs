using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using StreamAe.Cli.Terminal;
using StreamAe.Tools.Data;
using StreamAe.Model.Architectures;
using StreamAe.Model.Jobs;
using StreamAe.Model.Scaling;
using StreamAe.Model.Thresholds;
using StreamAe.Model.Training;

namespace StreamAe.Cli;

/// <summary><c>streamae train</c>: labelled windows → model file (network, scaler, threshold fitted on held-out normal errors).</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var data = ModelCommandOptions.Data();
        var format = ModelCommandOptions.Format();
        var csv = new CsvCommandOptions();
        var normalLabel = new Option<double>("--normal-label") { Description = "Rows with this label are normal; the others are anomalous.", DefaultValueFactory = _ => 1 };
        var arch = new Option<string?>("--arch") { Description = $"Architecture [default: {ArchitectureSpec.DefaultFor(wholeWindows: true)} for ucr windows, {ArchitectureSpec.DefaultFor(wholeWindows: false)} for a csv series]." };
        arch.AcceptOnlyFromAmong([.. ArchitectureSpec.Names]);
        var window = new Option<int>("--window") { Description = "Window length W (0 = the data's row length)." };
        var hop = new Option<int>("--hop") { Description = "Hop between windows when scoring a series (0 = W)." };
        var threshold = new Option<string>("--threshold") { Description = $"Threshold method: {ThresholdSpec.ValidForms}.", DefaultValueFactory = _ => "meansd:1" };
        var scaling = new Option<string>("--scaling") { Description = "Input scaling fitted on the training windows.", DefaultValueFactory = _ => ScalerParameters.Standard };
        scaling.AcceptOnlyFromAmong([.. ScalerParameters.Kinds]);
        var defaults = new TrainingOptions();
        var epochs = new Option<int>("--epochs") { Description = "Maximum epochs.", DefaultValueFactory = _ => defaults.Epochs };
        var batchSize = new Option<int>("--batch-size") { Description = "Mini-batch size.", DefaultValueFactory = _ => defaults.BatchSize };
        var learningRate = new Option<double>("--lr") { Description = "Adam learning rate.", DefaultValueFactory = _ => defaults.LearningRate };
        var patience = new Option<int>("--patience") { Description = "Early stopping: epochs without validation improvement.", DefaultValueFactory = _ => defaults.Patience };
        var seed = new Option<long>("--seed") { Description = "Seed for the initial weights, the training noise, the shuffles and the validation split.", DefaultValueFactory = _ => defaults.Seed };
        var device = ModelCommandOptions.Device();
        var threads = ModelCommandOptions.Threads(defaults.Threads);
        var name = new Option<string?>("--name") { Description = "Model name (the 'model' tag of outputs); default: the output file name." };
        var output = new Option<FileInfo>("--out") { Description = "Model file to write.", Required = true };
        var quiet = ModelCommandOptions.Quiet();

        var command = new Command("train", "Train an autoencoder on normal windows, fit its threshold on held-out normal errors, write the model file.")
        {
            data, format, normalLabel, arch, window, hop, threshold, scaling, epochs, batchSize, learningRate, patience, seed, device, threads, name, output, quiet,
        };
        foreach (var option in csv.All)
        {
            command.Add(option);
        }
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new TrainJobOptions
            {
                DataPath = DataArgument.Resolve(parse.GetRequiredValue(data)),
                Format = parse.GetValue(format)!,
                Reader = parse.GetValue(format) == CsvSeriesData.Format ? CsvSeriesData.Reader(csv.Read(parse)) : null,
                NormalLabel = parse.GetValue(normalLabel),
                Architecture = new ArchitectureSpec
                {
                    Name = parse.GetValue(arch) ?? ArchitectureSpec.DefaultFor(wholeWindows: parse.GetValue(format) != CsvSeriesData.Format),
                    WindowLength = parse.GetValue(window),
                },
                Hop = parse.GetValue(hop),
                Threshold = parse.GetValue(threshold)!,
                Scaling = parse.GetValue(scaling)!,
                OutputPath = parse.GetRequiredValue(output).FullName,
                Name = parse.GetValue(name),
                Training = new TrainingOptions
                {
                    Epochs = parse.GetValue(epochs),
                    BatchSize = parse.GetValue(batchSize),
                    LearningRate = parse.GetValue(learningRate),
                    Patience = parse.GetValue(patience),
                    Seed = parse.GetValue(seed),
                    Device = parse.GetValue(device)!,
                    Threads = parse.GetValue(threads),
                },
            };
            var errors = options.Validate();
            if (errors.Count > 0)
            {
                return CliFailure.BadArguments(errors);
            }
            try
            {
                EpochProgress? latest = null;
                var training = Task.Run(() => TrainJob.Run(options, epoch => latest = epoch, cancellationToken), cancellationToken);
                var summary = await ProgressOutput.For(parse.GetValue(quiet)).TrackAsync("training", options.Training.Epochs,
                    () => latest?.Epoch ?? 0, training, () => latest is { } epoch ? EpochDetail(epoch) : null).ConfigureAwait(false);
                Print(summary);
                return 0;
            }
            catch (Exception e) when (JobErrors.IsUserError(e))
            {
                return CliFailure.BadArguments([e.Message]);
            }
        });
        return command;
    }

    private static string EpochDetail(EpochProgress epoch) => string.Create(CultureInfo.InvariantCulture,
        $"epoch {epoch.Epoch} · validation loss {epoch.ValidationLoss:G3}");

    private static void Print(TrainSummary summary)
    {
        var m = summary.Metadata;
        var table = new Table().AddColumn("model").AddColumn("value");
        void Row(string key, string value) => table.AddRow(Markup.Escape(key), Markup.Escape(value));
        Row("file", summary.ModelPath);
        Row("name", m.Name);
        Row("architecture", m.Architecture.Name);
        Row("window × channels", $"{m.WindowLength} × {m.Channels} (hop {m.Hop})");
        Row("windows train / validation / anomalous", $"{summary.TrainWindows} / {summary.ValidationWindows} / {summary.AnomalousWindows}");
        Row("epochs (best)", $"{m.Training.EpochsRun} ({m.Training.BestEpoch})");
        Row("seconds", m.Training.Seconds.ToString("F1", CultureInfo.InvariantCulture));
        Row("device", m.Training.Device);
        Row("threshold", $"{m.Threshold.Threshold.ToString("G6", CultureInfo.InvariantCulture)} ({m.Threshold.Method}: {m.Threshold.Detail})");
        AnsiConsole.Write(table);
    }
}

/// <summary>How the model commands report a failure the user can fix: the messages on stderr and exit code 2.</summary>
internal static class CliFailure
{
    public const int BadArgumentsExitCode = 2;

    public static int BadArguments(IEnumerable<string> messages)
    {
        foreach (var message in messages)
        {
            Console.Error.WriteLine("error: " + message);
        }
        return BadArgumentsExitCode;
    }
}
