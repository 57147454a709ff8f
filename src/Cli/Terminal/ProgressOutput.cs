using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace StreamAe.Cli.Terminal;

/// <summary>How a long command shows its progress: a bar on a terminal, a plain line every few seconds when the output
/// is a file or a pipe (logs stay readable), nothing with --quiet.</summary>
internal abstract class ProgressOutput
{
    public static ProgressOutput For(bool quiet) =>
        quiet ? new Silent()
        : AnsiConsole.Profile.Capabilities.Interactive && !Console.IsOutputRedirected ? new Bar()
        : new Lines(Console.Error, TimeSpan.FromSeconds(5));

    public bool IsQuiet => this is Silent;

    /// <summary>Runs <paramref name="work"/>, polling <paramref name="done"/> (null: nothing to count) against
    /// <paramref name="total"/> (null: unknown, a count only) and <paramref name="detail"/> (e.g. the latest loss) until it completes.</summary>
    public abstract Task<T> TrackAsync<T>(string what, double? total, Func<double>? done, Task<T> work, Func<string?>? detail = null);

    private sealed class Silent : ProgressOutput
    {
        public override Task<T> TrackAsync<T>(string what, double? total, Func<double>? done, Task<T> work, Func<string?>? detail = null) => work;
    }

    private sealed class Bar : ProgressOutput
    {
        public override Task<T> TrackAsync<T>(string what, double? total, Func<double>? done, Task<T> work, Func<string?>? detail = null) =>
            AnsiConsole.Progress()
                .AutoClear(false)
                // A narrow bar leaves an 80-column terminal room for the description and its detail.
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = 20 }, new PercentageColumn(),
                    new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask(Markup.Escape(what), maxValue: total ?? 1);
                    task.IsIndeterminate = total is null;
                    void Show()
                    {
                        var count = total is null && done is not null ? $" {done().ToString("N0", CultureInfo.InvariantCulture)}" : "";
                        task.Description = Markup.Escape($"{what}{count}{(detail?.Invoke() is { } more ? $" · {more}" : "")}");
                        task.Value = total is null || done is null ? 0 : Math.Min(done(), total.Value);
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
        public override async Task<T> TrackAsync<T>(string what, double? total, Func<double>? done, Task<T> work, Func<string?>? detail = null)
        {
            var clock = Stopwatch.StartNew();
            var next = every;
            while (await Task.WhenAny(work, Task.Delay(200)) != work)
            {
                if (clock.Elapsed >= next)
                {
                    var more = detail?.Invoke();
                    output.WriteLine(Describe(what, done?.Invoke(), total, clock.Elapsed) + (more is null ? "" : $" · {more}"));
                    next += every;
                }
            }
            return await work;
        }

        internal static string Describe(string what, double? done, double? total, TimeSpan elapsed)
        {
            var seconds = elapsed.TotalSeconds.ToString("0", CultureInfo.InvariantCulture);
            return (done, total) switch
            {
                (null, _) => $"{what} after {seconds} s",
                ({ } count, { } all) when all > 0 => string.Create(CultureInfo.InvariantCulture, $"{what}: {count:N0} / {all:N0} ({count / all:P0}) after {seconds} s"),
                ({ } count, _) => string.Create(CultureInfo.InvariantCulture, $"{what}: {count:N0} after {seconds} s"),
            };
        }
    }
}
