using System.CommandLine;
using StreamAe.Tools.Demo;
using StreamAe.Model.Jobs;
using StreamAe.Model.Scoring;
using StreamAe.Model.Training;

namespace StreamAe.Cli;

/// <summary>The options <c>train</c>, <c>evaluate</c> and <c>score</c> share, defined once.</summary>
internal static class ModelCommandOptions
{
    /// <summary>The model file; a csv series may go without one and learn its model from itself (--learning-*).</summary>
    public static Option<FileInfo> Model() => new("--model")
    {
        Description = "Model file. For a csv series, omit it to learn the model from the series as a daemon pipeline without ModelPath does (--window, --learning-*).",
    };

    public static Option<int> Window() => new("--window") { Description = "For csv without --model: window length W of the learned model." };

    public static Option<string> Data()
    {
        var data = new Option<string>("--data")
        {
            Description = "Data file, or builtin:ecg5000-train / builtin:ecg5000-test (the shipped ECG5000 beats).",
            Required = true,
        };
        // An unknown built-in name is refused here, listing the names (read later, it would be only a missing file).
        data.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } value && value.StartsWith(BuiltinData.Prefix, StringComparison.Ordinal)
                && !BuiltinData.Names.Contains(value[BuiltinData.Prefix.Length..]))
            {
                result.AddError($"--data: unknown built-in data set '{value}'; available: {string.Join(", ", BuiltinData.Names.Select(n => BuiltinData.Prefix + n))}.");
            }
        });
        return data;
    }

    public static Option<string> Format()
    {
        var format = new Option<string>("--format")
        {
            Description = "ucr (label + W values a row) or csv (a series: time, value columns, optional label; train needs --window).",
            DefaultValueFactory = _ => DataFormats.Ucr,
        };
        format.AcceptOnlyFromAmong([.. DataFormats.Names]);
        return format;
    }

    public static Option<string> Device()
    {
        var device = new Option<string>("--device") { Description = "auto (CUDA when available), cpu or cuda.", DefaultValueFactory = _ => DeviceSelector.Auto };
        device.AcceptOnlyFromAmong([.. DeviceSelector.Names]);
        return device;
    }

    public static Option<int> Threads(int defaultThreads) =>
        new("--threads") { Description = "libtorch intra-op threads (0 = libtorch default).", DefaultValueFactory = _ => defaultThreads };

    public static Option<bool> Quiet() => new("--quiet", "-q") { Description = "No progress output, only the result." };

    public static int DefaultScorerThreads => new ScorerOptions().Threads;
}
