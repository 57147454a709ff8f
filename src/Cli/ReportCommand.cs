using System.CommandLine;
using StreamAe.Contracts;
using StreamAe.Tools.Report;
using StreamAe.Sink.Points;

namespace StreamAe.Cli;

/// <summary><c>streamae report</c>: results as one HTML page (and PNGs) without Grafana, from a file sink output, a
/// <c>score</c> CSV or InfluxDB.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var inputs = new Argument<string[]>("files")
        {
            Description = "File sink outputs (.lp, .jsonl, rotated .lp.N too) or score CSVs (.csv) to read; or give --influx-url.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var influx = new Option<string?>("--influx-url") { Description = "Read from this InfluxDB instead (its /query API: 1.x, or 2.x with a DBRP mapping)." };
        var database = new Option<string>("--database") { Description = "InfluxDB database.", DefaultValueFactory = _ => "streamae" };
        var token = new Option<string?>("--token") { Description = "InfluxDB 2 token (or STREAMAE_REPORT_TOKEN)." };
        var since = new Option<string?>("--since") { Description = "Only the last stretch of InfluxDB data, an InfluxQL duration such as 6h or 2d." };
        var precision = new Option<string>("--precision") { Description = "Timestamp precision of the files: ms, us or ns.", DefaultValueFactory = _ => "ms" };
        precision.AcceptOnlyFromAmong("ms", "us", "ns");
        var output = new Option<string>("--out") { Description = "Directory to write index.html and the PNGs into.", DefaultValueFactory = _ => "streamae-report" };
        var charts = new Option<int>("--charts") { Description = "How many of the top-ranked series get a chart.", DefaultValueFactory = _ => 12 };
        var noPng = new Option<bool>("--no-png") { Description = "Write the HTML page only." };
        var timeout = new Option<double>("--timeout") { Description = "Seconds to wait for InfluxDB.", DefaultValueFactory = _ => 30 };
        var command = new Command("report", "Write the results as one self-contained HTML page (and PNGs): series ranked by anomalies, score, threshold and alerts over time, the alert list.")
        {
            inputs, influx, database, token, since, precision, output, charts, noPng, timeout,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var files = parsed.GetValue(inputs) ?? [];
            var url = parsed.GetValue(influx);
            var problems = new List<string>();
            if ((files.Length == 0) == (url is null))
            {
                problems.Add("give either files to read or --influx-url, not both.");
            }
            problems.AddRange(files.Where(f => !File.Exists(f)).Select(f => $"'{f}' does not exist."));
            Uri? influxUrl = null;
            if (url is not null && !Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out influxUrl))
            {
                problems.Add($"--influx-url '{url}' is not an absolute URL.");
            }
            if (parsed.GetValue(charts) < 0 || parsed.GetValue(timeout) <= 0)
            {
                problems.Add("--charts must not be negative and --timeout must be positive.");
            }
            if (problems.Count > 0)
            {
                problems.ForEach(p => Console.Error.WriteLine($"streamae report: {p}"));
                return StreamAeCommandLine.UsageError;
            }
            var input = new ReportInput(files, influxUrl, parsed.GetValue(database)!,
                parsed.GetValue(token) ?? Environment.GetEnvironmentVariable("STREAMAE_REPORT_TOKEN"), parsed.GetValue(since),
                parsed.GetValue(precision) switch { "us" => TimestampPrecision.Microseconds, "ns" => TimestampPrecision.Nanoseconds, _ => TimestampPrecision.Milliseconds },
                TimeSpan.FromSeconds(parsed.GetValue(timeout)));
            try
            {
                var results = await ResultReport.ReadAsync(input, cancellationToken);
                var page = ResultReport.Write(results, parsed.GetValue(output)!, parsed.GetValue(charts), pngs: !parsed.GetValue(noPng));
                Console.WriteLine($"report: {Path.GetFullPath(page)} ({results.Scores.Count} windows, {results.Alerts.Count} alert transitions)");
                return 0;
            }
            catch (DependencyUnavailableException e)
            {
                Console.Error.WriteLine($"streamae report: {e.Message}");
                return StreamAeCommandLine.DependencyUnavailable;
            }
            catch (Exception e) when (e is InvalidDataException or InvalidOperationException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"streamae report: {e.Message}");
                return StreamAeCommandLine.UsageError;
            }
        });
        return command;
    }
}
