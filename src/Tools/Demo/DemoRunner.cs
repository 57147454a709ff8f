using System.Diagnostics;
using Spectre.Console;
using StreamAe.Detector.Configuration;
using StreamAe.Detector.Pipeline;
using StreamAe.Ingest.Parsing;
using StreamAe.Model.Architectures;
using StreamAe.Model.Data;
using StreamAe.Model.Jobs;
using StreamAe.Sink;
using StreamAe.Sink.Points;
using StreamAe.Tools.Evaluation;
using StreamAe.Tools.Report;

namespace StreamAe.Tools.Demo;

/// <summary>
/// The zero-config demo: an in-process Kafka (librdkafka's mock cluster on 127.0.0.1), the shipped ECG beats replayed
/// into it, a model trained on the normal training beats when none is given, and the daemon's own pipeline scoring
/// the stream into InfluxDB or a line-protocol file — then a summary against the replay's labels.
/// </summary>
public sealed class DemoRunner(DemoSettings settings, IAnsiConsole console)
{
    private const string Topic = "ecg";
    private const double NormalLabel = 1;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var work = Directory.CreateTempSubdirectory("streamae-demo-").FullName;
        var modelPath = settings.ModelPath ?? Train(work, cancellationToken);
        var beats = DataFormats.Read(BuiltinData.Resolve("builtin:ecg5000-test"), DataFormats.Ucr);
        var replayed = Take(beats, settings.Beats);

        using var cluster = EmbeddedDaemon.StartCluster(Topic, settings.Partitions);
        console.MarkupLine($"[grey]Kafka (embedded mock cluster):[/] {cluster.BootstrapServers}, topic [bold]{Topic}[/] × {settings.Partitions} partitions");
        console.MarkupLine($"[grey]Output:[/] {Markup.Escape(settings.InfluxUrl is null ? $"line protocol file {Path.GetFullPath(settings.OutputPath)}" : $"InfluxDB {settings.InfluxUrl}, database {settings.InfluxDatabase}")}");

        var options = DaemonOptions(cluster.BootstrapServers, modelPath, work);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException(string.Join(" ", errors));
        }
        using var daemon = await EmbeddedDaemon.StartAsync(options, cancellationToken).ConfigureAwait(false);
        var pipeline = daemon.Pipeline;
        var observer = new DemoObserver();
        pipeline.Decided += observer.Observe;

        var replay = new EcgReplay(replayed, settings.Series, NormalLabel);
        var clock = Stopwatch.StartNew();
        var producing = replay.ProduceAsync(cluster.BootstrapServers, Topic, settings.Rate, cancellationToken);
        var delivered = await WatchAsync(pipeline, replay.Count, producing, clock, observer, cancellationToken).ConfigureAwait(false);
        var elapsed = clock.Elapsed;
        await producing.ConfigureAwait(false);
        await daemon.Host.StopAsync(CancellationToken.None).ConfigureAwait(false);

        var latency = pipeline.Latency.Percentiles(0.5, 0.99, 1.0);
        PrintSummary(observer.Snapshot(), replay.Count, delivered, elapsed, latency);
        await WriteReportAsync(cancellationToken).ConfigureAwait(false);
        if (delivered < replay.Count)
        {
            console.MarkupLine($"[red]Only {delivered} of {replay.Count} windows were acknowledged within {settings.Timeout.TotalSeconds:0} s.[/]");
            return 1;
        }
        return 0;
    }

    /// <summary>The results as a page to open: read back from where the demo wrote them.</summary>
    private async Task WriteReportAsync(CancellationToken cancellationToken)
    {
        var directory = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(settings.OutputPath))!, "streamae-demo-report");
        var input = new ReportInput(settings.InfluxUrl is null ? [settings.OutputPath] : [],
            settings.InfluxUrl is { } url ? new Uri(url.EndsWith('/') ? url : url + "/") : null, settings.InfluxDatabase, Token: null,
            Since: null, TimestampPrecision.Milliseconds, TimeSpan.FromSeconds(30));
        var results = await ResultReport.ReadAsync(input, cancellationToken).ConfigureAwait(false);
        var page = ResultReport.Write(results, directory, charts: 12, pngs: true);
        console.MarkupLine($"[bold]Report:[/] {Markup.Escape(page)}");
    }

    private string Train(string work, CancellationToken cancellationToken)
    {
        var path = Path.Combine(work, "ecg-dense.model");
        var started = Stopwatch.StartNew();
        console.MarkupLine("[grey]No --model given: training a dense autoencoder on the normal beats of ECG5000's training split…[/]");
        var summary = TrainJob.Run(new TrainJobOptions
        {
            DataPath = BuiltinData.Resolve("builtin:ecg5000-train"),
            Format = DataFormats.Ucr,
            NormalLabel = NormalLabel,
            Architecture = new ArchitectureSpec { Name = ArchitectureSpec.Dense, WindowLength = 140 },
            Threshold = "meansd:1",
            OutputPath = path,
            Name = "ecg-dense-demo",
        }, cancellationToken: cancellationToken);
        console.MarkupLine($"[grey]Trained in {started.Elapsed.TotalSeconds:0.0} s on {summary.TrainWindows} beats; threshold {summary.Metadata.Threshold.Threshold:G4} ({summary.Metadata.Threshold.Method}).[/]");
        return path;
    }

    private DetectorOptions DaemonOptions(string bootstrapServers, string modelPath, string work)
    {
        var pipeline = new PipelineOptions { Name = "ecg", Topics = [Topic], ModelPath = modelPath };
        pipeline.Format.Format = MessageFormat.Window;
        pipeline.Window.WindowLength = 140;
        pipeline.Window.Hop = 140;
        var options = EmbeddedDaemon.Options(bootstrapServers, pipeline, work,
            new EmbeddedSink(settings.InfluxUrl, settings.InfluxDatabase, settings.OutputPath));
        options.Kafka.GroupId = "streamae-demo";
        return options;
    }

    private async Task<long> WatchAsync(DetectionPipeline pipeline, int expected, Task producing, Stopwatch clock,
        DemoObserver observer, CancellationToken cancellationToken)
    {
        var deadline = clock.Elapsed + settings.Timeout;
        async Task Loop(Action<DemoSnapshot> show)
        {
            while (pipeline.Latency.Count < expected && clock.Elapsed < deadline && !pipeline.Completion.IsFaulted && !producing.IsFaulted)
            {
                show(observer.Snapshot());
                await Task.Delay(250, cancellationToken).ConfigureAwait(false);
            }
            show(observer.Snapshot());
        }

        if (settings.Live)
        {
            var table = new Table().AddColumns("windows scored", "acknowledged", "windows/s", "consumer lag", "anomalies", "alerts open/closed", "last alert");
            await console.Live(table).StartAsync(async context =>
            {
                await Loop(snapshot =>
                {
                    table.Rows.Clear();
                    var last = snapshot.RecentAlerts.LastOrDefault();
                    table.AddRow($"{snapshot.Windows}", $"{pipeline.Latency.Count}/{expected}",
                        $"{snapshot.Windows / Math.Max(clock.Elapsed.TotalSeconds, 1e-3):0}", $"{pipeline.Source.ConsumerLag}",
                        $"{snapshot.Anomalies}", $"{snapshot.AlertsOpened}/{snapshot.AlertsClosed}",
                        last is null ? "-" : Markup.Escape($"{last.Series} {last.State.ToString().ToLowerInvariant()} peak {last.PeakScore:G3}"));
                    context.Refresh();
                }).ConfigureAwait(false);
            }).ConfigureAwait(false);
        }
        else
        {
            var nextLine = TimeSpan.Zero;
            await Loop(snapshot =>
            {
                if (clock.Elapsed >= nextLine)
                {
                    console.WriteLine($"  {clock.Elapsed.TotalSeconds,5:0.0}s  scored {snapshot.Windows}, acknowledged {pipeline.Latency.Count}/{expected}, anomalies {snapshot.Anomalies}, alerts {snapshot.AlertsOpened} opened / {snapshot.AlertsClosed} closed");
                    nextLine = clock.Elapsed + TimeSpan.FromSeconds(2);
                }
            }).ConfigureAwait(false);
        }
        if (pipeline.Completion.IsFaulted)
        {
            await pipeline.Completion.ConfigureAwait(false);
        }
        return pipeline.Latency.Count;
    }

    private void PrintSummary(DemoSnapshot snapshot, int produced, long delivered, TimeSpan elapsed, double[] latency)
    {
        var auc = snapshot.Labels.Contains(true) && snapshot.Labels.Contains(false) ? Metrics.RocAuc(snapshot.Scores, snapshot.Labels) : double.NaN;
        var table = new Table().Title("StreamAe demo summary").AddColumns("measure", "value");
        void Row(string name, string value) => table.AddRow(name, value);
        Row("beats replayed (window messages)", $"{produced}");
        Row("windows scored / acknowledged by the sink", $"{snapshot.Windows} / {delivered}");
        Row("anomalous windows (decided)", $"{snapshot.Anomalies}");
        Row("alerts opened / closed", $"{snapshot.AlertsOpened} / {snapshot.AlertsClosed}");
        Row("precision / recall / F1 (anomalous beats)", $"{snapshot.Precision:0.000} / {snapshot.Recall:0.000} / {snapshot.F1:0.000}");
        Row("accuracy / ROC-AUC", $"{snapshot.Accuracy:0.000} / {auc:0.000}");
        Row("throughput (windows/s, produce → acknowledged)", $"{delivered / Math.Max(elapsed.TotalSeconds, 1e-3):0}");
        Row("latency p50 / p99 / max (message ts → sink ack)", $"{latency[0]:0} ms / {latency[1]:0} ms / {latency[2]:0} ms");
        console.Write(table);
        console.WriteLine($"summary: windows={snapshot.Windows} acknowledged={delivered} precision={snapshot.Precision:0.000} recall={snapshot.Recall:0.000} f1={snapshot.F1:0.000} roc_auc={auc:0.000} p50_ms={latency[0]:0} p99_ms={latency[1]:0}");
    }

    /// <summary>A seeded random sample of <paramref name="count"/> beats: the UCR file is grouped by class, so its first
    /// rows alone would hold no abnormal beat.</summary>
    private static WindowSet Take(WindowSet set, int count)
    {
        count = Math.Min(count, set.Count);
        var order = Enumerable.Range(0, set.Count).ToArray();
        new Random(5000).Shuffle(order);
        var values = new float[count * set.WindowSize];
        var labels = new double[count];
        for (var i = 0; i < count; i++)
        {
            set.Window(order[i]).CopyTo(values.AsSpan(i * set.WindowSize));
            labels[i] = set.Labels[order[i]];
        }
        return new WindowSet(values, labels, set.WindowLength, set.Channels, set.Sha256);
    }
}
