using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace StreamAe.Detector.Cli.Terminal;

/// <summary>How a long command shows its progress: a bar on a terminal, a plain line every few seconds when the output
/// is a file or a pipe (logs stay readable), nothing with --quiet.</summary>
internal abstract class ProgressOutput
{
    public static ProgressOutput For(bool quiet) =>
        quiet ? new Silent()
        : AnsiConsole.Profile.Capabilities.Interactive && !Console.IsOutputRedirected ? new Bar()
        : new Lines(Console.Error, TimeSpan.FromSeconds(5));

    public bool IsQuiet => this is Silent;

    /// <summary>Runs <paramref name="work"/>, polling <paramref name="done"/> against <paramref name="total"/> (null:
    /// unknown, a count only) and <paramref name="detail"/> (e.g. the latest loss) until it completes.</summary>
    public abstract Task<T> TrackAsync<T>(string what, double? total, Func<double> done, Task<T> work, Func<string?>? detail = null);

    private sealed class Silent : ProgressOutput
    {
        public override Task<T> TrackAsync<T>(string what, double? total, Func<double> done, Task<T> work, Func<string?>? detail = null) => work;
    }

    private sealed class Bar : ProgressOutput
    {
        public override Task<T> TrackAsync<T>(string what, double? total, Func<double> done, Task<T> work, Func<string?>? detail = null) =>
            AnsiConsole.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                    new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask(Markup.Escape(what), maxValue: total ?? 1);
                    task.IsIndeterminate = total is null;
                    void Show()
                    {
                        var count = total is null ? $" {done().ToString("N0", CultureInfo.InvariantCulture)}" : "";
                        task.Description = Markup.Escape($"{what}{count}{(detail?.Invoke() is { } more ? $" · {more}" : "")}");
                        task.Value = total is null ? 0 : Math.Min(done(), total.Value);
                    }
                    while (await Task.WhenAny(work, Task.Delay(200)) != work)
                    {
                        Show();
                    }
                    Show();
                    task.Value = total ?? 1;
                    task.StopTask();
                    return await work;
                });
    }

    /// <summary>Plain lines on stderr, so a redirected stdout keeps only the results.</summary>
    internal sealed class Lines(TextWriter output, TimeSpan every) : ProgressOutput
    {
        public override async Task<T> TrackAsync<T>(string what, double? total, Func<double> done, Task<T> work, Func<string?>? detail = null)
        {
            var clock = Stopwatch.StartNew();
            var next = every;
            while (await Task.WhenAny(work, Task.Delay(200)) != work)
            {
                if (clock.Elapsed >= next)
                {
                    var more = detail?.Invoke();
                    output.WriteLine(Describe(what, done(), total, clock.Elapsed) + (more is null ? "" : $" · {more}"));
                    next += every;
                }
            }
            return await work;
        }

        internal static string Describe(string what, double done, double? total, TimeSpan elapsed)
        {
            var count = done.ToString("N0", CultureInfo.InvariantCulture);
            var seconds = elapsed.TotalSeconds.ToString("0", CultureInfo.InvariantCulture);
            return total is { } all && all > 0
                ? string.Create(CultureInfo.InvariantCulture, $"{what}: {count} / {all:N0} ({done / all:P0}) after {seconds} s")
                : $"{what}: {count} after {seconds} s";
        }
    }
}
