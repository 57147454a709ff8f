using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using StreamAe.Ingest.Parsing;
using StreamAe.Model.Architectures;
using StreamAe.Model.Jobs;
using StreamAe.Sink;
using StreamAe.Tools.Bench;
using StreamAe.Tools.Demo;

namespace StreamAe.Cli;

/// <summary><c>streamae bench</c>: the benchmark suites, printed as a table and written as JSON.</summary>
internal static class BenchCommand
{
    private static readonly string[] Suites = ["all", "scoring", "ingest", "encoder", "influx", "e2e", "paced", "peer", "state"];

    public static Command Create()
    {
        var suite = new Option<string>("--suite") { Description = "Which suite: all, scoring, ingest, encoder, influx (needs --influx-url), e2e, paced (live load; not part of all), peer (side by side with the Python peer; needs --peer-dir and --influx-url; not part of all), or state (the decision state changelog with 10⁴ and 10⁵ series; not part of all).", DefaultValueFactory = _ => "all" };
        suite.AcceptOnlyFromAmong(Suites);
        var device = new Option<string>("--device") { Description = "For the scoring suite: cpu, cuda or auto (CUDA when available; needs a -p:TorchBackend=cuda build).", DefaultValueFactory = _ => "cpu" };
        device.AcceptOnlyFromAmong("cpu", "cuda", "auto");
        var seconds = new Option<double>("--seconds") { Description = "Seconds per scoring case.", DefaultValueFactory = _ => 1.0 };
        var samples = new Option<long>("--samples") { Description = "Samples in the end-to-end backlog.", DefaultValueFactory = _ => 4_000_000 };
        var influx = new Option<string?>("--influx-url") { Description = "InfluxDB (v1 API) for the influx suite and as the end-to-end sink; default: a local file." };
        var rates = new Option<double[]>("--rates")
        {
            Description = "For the paced suite: live loads in samples/s (e.g. 25, 50 and 90 % of the e2e drain rate).",
            DefaultValueFactory = _ => [275_000, 550_000, 990_000],
            AllowMultipleArgumentsPerToken = true,
        };
        var formats = new Option<MessageFormat[]>("--formats")
        {
            Description = "For the e2e and paced suites: the message formats to produce, chunk and/or sample.",
            DefaultValueFactory = _ => [MessageFormat.Chunk, MessageFormat.Sample],
            AllowMultipleArgumentsPerToken = true,
        };
        formats.Validators.Add(result =>
        {
            if (!result.GetValueOrDefault<MessageFormat[]>().All(BenchMessages.Produces))
            {
                result.AddError("--formats takes chunk and/or sample.");
            }
        });
        var duration = new Option<int>("--duration") { Description = "For the paced suite: seconds at each rate (RSS is sampled every second).", DefaultValueFactory = _ => 20 };
        var peerDir = new Option<string?>("--peer-dir") { Description = "For the peer suite: the Python peer's folder (its scripts are run with /usr/bin/python3)." };
        var peerSamples = new Option<long>("--peer-samples") { Description = "For the peer suite: one-sample messages in each backlog.", DefaultValueFactory = _ => 2_000_000 };
        var peerLiveRates = PeerLiveRatesOption.Create();
        var set = new Option<string[]>("--set")
        {
            Description = "For the e2e, paced and peer suites: override one daemon setting (repeatable), e.g. --set Pipeline:Threshold:Mode=Static or --set Batching:BacklogMaxDelayMs=0; Pipeline: keys go to the suite's pipeline.",
            AllowMultipleArgumentsPerToken = false,
        };
        var json = new Option<string>("--json") { Description = "Where to write the figures as JSON.", DefaultValueFactory = _ => "streamae-bench.json" };
        var command = new Command("bench", "Run the benchmarks (scoring vs bare TorchSharp, windowing/parsing, line-protocol encoding, InfluxDB writes, end to end).")
        {
            suite, device, seconds, samples, formats, rates, duration, influx, peerDir, peerSamples, peerLiveRates, set, json,
        };
        command.Add(PacedLoadCommand.Create());
        command.SetAction(async (parsed, _) =>
        {
            var chosen = parsed.GetValue(suite)!;
            var figures = new List<BenchFigure>();
            var settings = parsed.GetValue(set) ?? [];
            bool Wants(string name) => chosen == "all" || chosen == name;
            if (Wants("scoring"))
            {
                figures.AddRange(Scoring(parsed.GetValue(seconds), parsed.GetValue(device)!));
            }
            if (Wants("ingest"))
            {
                figures.AddRange(IngestBenchmarks.RunAll().Select(r => new BenchFigure("ingest", r.Name, r.PerSecond, r.Unit)));
            }
            if (Wants("encoder"))
            {
                figures.AddRange(SinkBenchmarks.MeasureEncoder());
            }
            var influxUrl = parsed.GetValue(influx);
            if (Wants("influx") && influxUrl != null)
            {
                figures.AddRange(await SinkBenchmarks.MeasureInfluxAsync(influxUrl, "streamae_bench", 50_000, [1_000, 5_000, 20_000]));
            }
            var chosenFormats = parsed.GetValue(formats) ?? [];
            if (Wants("e2e"))
            {
                var work = Directory.CreateTempSubdirectory("streamae-bench-").FullName;
                var model = BenchModel(work);
                foreach (var format in chosenFormats)
                {
                    figures.AddRange(await EndToEndBenchmark.RunAsync(model, format, parsed.GetValue(samples), 100, influxUrl, work, settings));
                }
                Directory.Delete(work, recursive: true);
            }
            if (chosen == "paced")
            {
                var work = Directory.CreateTempSubdirectory("streamae-bench-").FullName;
                var model = BenchModel(work);
                foreach (var format in chosenFormats)
                {
                    foreach (var rate in parsed.GetValue(rates) ?? [])
                    {
                        figures.AddRange(await PacedLoadBenchmark.RunAsync(model, format, rate, TimeSpan.FromSeconds(parsed.GetValue(duration)), influxUrl, work, settings));
                    }
                }
                Directory.Delete(work, recursive: true);
            }
            if (chosen == "state")
            {
                figures.AddRange(StateBenchmark.Run(10_000));
                figures.AddRange(StateBenchmark.Run(100_000));
            }
            if (chosen == "peer")
            {
                if (parsed.GetValue(peerDir) is not { } peer || influxUrl is null)
                {
                    Console.Error.WriteLine("The peer suite needs --peer-dir (the Python peer's folder) and --influx-url.");
                    return 2;
                }
                var work = Directory.CreateTempSubdirectory("streamae-bench-").FullName;
                figures.AddRange(await PeerComparisonBenchmark.RunAsync(peer, BenchModel(work), parsed.GetValue(peerSamples), PeerLiveRatesOption.Chosen(parsed, peerLiveRates), influxUrl, work, settings));
            }
            Print(figures);
            var path = parsed.GetValue(json)!;
            await File.WriteAllTextAsync(path, JsonSerializer.Serialize(figures.Select(f => new { suite = f.Suite, name = f.Name, value = f.Value, unit = f.Unit })));
            Console.WriteLine($"figures written to {Path.GetFullPath(path)}");
            return 0;
        });
        return command;
    }

    /// <summary>The dense ECG autoencoder (W = 140) the end-to-end suites score with, trained in seconds.</summary>
    private static string BenchModel(string work) => TrainJob.Run(new TrainJobOptions
    {
        DataPath = BuiltinData.Resolve("builtin:ecg5000-train"),
        Architecture = new ArchitectureSpec { Name = ArchitectureSpec.Dense, WindowLength = 140 },
        OutputPath = Path.Combine(work, "bench.model"),
    }).ModelPath;

    private static IEnumerable<BenchFigure> Scoring(double seconds, string device)
    {
        var rows = ScoringBenchmark.Run(new ScoringBenchmarkOptions { SecondsPerCase = seconds, Device = device });
        foreach (var row in rows)
        {
            var label = $"{row.Architecture}, {row.Implementation} on {device}, batch {row.Batch}, {row.Threads} thread(s)";
            if (row.Implementation is ScoringBenchmark.Copy or ScoringBenchmark.PinnedCopy)
            {
                yield return new BenchFigure("scoring", label, row.MicrosecondsPerBatch, "µs per batch");
                continue;
            }
            yield return new BenchFigure("scoring", label, row.WindowsPerSecond, "windows/s");
            if (row.Implementation == ScoringBenchmark.Product)
            {
                yield return new BenchFigure("scoring", $"{label}: live tensors after the case − before", row.LiveTensorsChange, "tensors");
                yield return new BenchFigure("scoring", $"{label}: managed bytes allocated", row.BytesAllocatedPerBatch, "bytes per batch");
            }
        }
        foreach (var product in rows.Where(r => r.Implementation == ScoringBenchmark.Product))
        {
            var bare = rows.Single(r => r.Architecture == product.Architecture && r.Implementation == ScoringBenchmark.Bare
                && r.Batch == product.Batch && r.Threads == product.Threads);
            yield return new BenchFigure("scoring", $"{product.Architecture}: product / bare, batch {product.Batch}, {product.Threads} thread(s)",
                product.WindowsPerSecond / bare.WindowsPerSecond, "ratio");
        }
    }

    private static void Print(IReadOnlyList<BenchFigure> figures)
    {
        var table = new Table().AddColumns("suite", "measure", "value", "unit");
        foreach (var figure in figures)
        {
            table.AddRow(figure.Suite, Markup.Escape(figure.Name), figure.Value.ToString(Math.Abs(figure.Value) < 100 ? "0.###" : "N0", System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(figure.Unit));
        }
        AnsiConsole.Write(table);
    }
}
