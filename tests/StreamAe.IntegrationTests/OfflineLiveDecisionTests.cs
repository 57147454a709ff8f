using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using StreamAe.Cli;
using StreamAe.Detector.Decision;
using StreamAe.Detector.Decision.Alerts;
using StreamAe.Detector.Decision.Thresholds;
using StreamAe.Detector.Learning;
using StreamAe.Ingest.Files;
using StreamAe.Ingest.Parsing;
using StreamAe.Model.Architectures;
using StreamAe.Model.Jobs;
using StreamAe.Model.Scoring;
using StreamAe.TestSupport.Kafka;
using StreamAe.TestSupport.Synthetic;
using StreamAe.Tools.Data;
using StreamAe.Tools.Offline;
using StreamAe.Tools.Replay;

namespace StreamAe.IntegrationTests;

/// <summary>
/// One decision path: a labelled sensor file replayed by <c>score</c>'s replay and the same file produced as
/// <c>sample</c> messages into the daemon over the mock cluster get the same threshold, calibrated score and verdict
/// for every window, with the default (adaptive) decision settings; and so do a pipeline and a replay that learn
/// their models from the stream, switching models at the same windows.
/// </summary>
public sealed class OfflineLiveDecisionTests : IDisposable
{
    private const int Window = 32;
    private readonly string _directory = Directory.CreateTempSubdirectory("streamae-offline-live-").FullName;

    [Fact]
    public async Task The_daemon_and_the_file_replay_decide_every_window_of_a_sensor_file_alike()
    {
        var series = new SyntheticSeriesGenerator(seed: 21).Generate(SeriesScenario.LevelShift, new SyntheticSeriesOptions { Length = 1500 });
        var csvPath = Path.Combine(_directory, "sensor.csv");
        series.WriteCsv(csvPath);
        var modelPath = TrainOnFirstRows(csvPath, rows: 600);
        var offline = ReplayOffline(csvPath, modelPath);
        Assert.Contains(offline, w => w.Anomaly);
        Assert.Contains(offline, w => !w.Anomaly);

        var live = await RunDaemonAsync(csvPath, offline.Count, [$"Pipelines:0:ModelPath={modelPath}"]);

        AssertAlike(offline, live);
    }

    [Fact]
    public async Task A_pipeline_that_learns_from_the_stream_decides_every_window_as_the_learning_replay_does()
    {
        var series = new SyntheticSeriesGenerator(seed: 22).Generate(SeriesScenario.LevelShift, new SyntheticSeriesOptions { Length = 1500 });
        var csvPath = Path.Combine(_directory, "sensor.csv");
        series.WriteCsv(csvPath);
        // One retraining (from window 700, serving from window 1 200): paced at 200 samples a second, training has 2.5 s.
        // The guard is loosened: one noise excursion (~20 hop-1 windows) is more than 5 % of 300 windows.
        var learning = new LearningOptions
        {
            WarmupWindows = 400, RetrainEveryWindows = 300, TrainingWindows = 200, SwapDelayWindows = 500, MaxAnomalousShare = 0.2,
        };
        var offline = ReplayLearning(csvPath, learning);
        Assert.Equal(2, Directory.GetFiles(Path.Combine(_directory, "offline-models"), "*.json").Length);
        Assert.Contains(offline, w => w.Anomaly);

        var liveModels = Path.Combine(_directory, "live-models");
        var live = await RunDaemonAsync(csvPath, offline.Count,
        [
            "Pipelines:0:Learning:WarmupWindows=400", "Pipelines:0:Learning:RetrainEveryWindows=300",
            "Pipelines:0:Learning:TrainingWindows=200", "Pipelines:0:Learning:SwapDelayWindows=500", "Pipelines:0:Learning:MaxAnomalousShare=0.2",
            $"Pipelines:0:Learning:ModelDirectory={liveModels}",
        ], messagesPerSecond: 200);

        AssertAlike(offline, live);
        Assert.Equal(2, Directory.GetFiles(liveModels, "*.json").Length);
    }

    private static void AssertAlike(List<Decided> offline, List<Decided> live)
    {
        Assert.Equal(offline.Select(w => w.EndMs), live.Select(w => w.EndMs));
        for (var i = 0; i < offline.Count; i++)
        {
            Assert.True(offline[i].Anomaly == live[i].Anomaly, $"window {i} ending at {offline[i].EndMs}: offline {offline[i]}, live {live[i]}");
            Assert.Equal(offline[i].Threshold, live[i].Threshold, 1e-5);
            Assert.Equal(offline[i].Calibrated, live[i].Calibrated, 1e-5);
        }
    }

    private List<Decided> ReplayLearning(string csvPath, LearningOptions learning)
    {
        learning.ModelDirectory = Path.Combine(_directory, "offline-models");
        var learner = new StreamLearner("sensor", Window, 1, 1, learning, new ScorerOptions(), NullLogger.Instance, trainInline: true);
        var windows = CsvSeriesData.Windows(csvPath, new WindowShape(Window, 1), new CsvFileOptions());
        var stage = new DecisionStage(new ThresholdOptions { Mode = ThresholdOptions.DefaultMode(wholeWindows: false) }, new AlertingOptions());
        return [.. DecisionReplay.Run(learner, windows, stage, Window)
            .Select(r => new Decided(r.Decided.Window.EndMs, r.Decided.Threshold, r.Decided.CalibratedScore, r.Decided.Anomaly))];
    }

    private sealed record Decided(long EndMs, double Threshold, double Calibrated, bool Anomaly);

    private string TrainOnFirstRows(string csvPath, int rows)
    {
        var trainPath = Path.Combine(_directory, "train.csv");
        File.WriteAllLines(trainPath, File.ReadLines(csvPath).Take(rows + 1));
        var modelPath = Path.Combine(_directory, "sensor.model");
        CsvSeriesData.Register();
        TrainJob.Run(new TrainJobOptions
        {
            DataPath = trainPath,
            Format = CsvSeriesData.Format,
            Reader = CsvSeriesData.Reader(new CsvFileOptions()),
            Architecture = new ArchitectureSpec { Name = ArchitectureSpec.Pca, WindowLength = Window },
            Hop = 1,
            OutputPath = modelPath,
        });
        return modelPath;
    }

    private static List<Decided> ReplayOffline(string csvPath, string modelPath)
    {
        using var scorer = BatchScorer.Load(modelPath);
        var windows = CsvSeriesData.Windows(csvPath, new WindowShape(Window, 1), new CsvFileOptions());
        var stage = new DecisionStage(new ThresholdOptions { Mode = ThresholdOptions.DefaultMode(wholeWindows: false) }, new AlertingOptions());
        return [.. DecisionReplay.Run(scorer, windows, stage)
            .Select(r => new Decided(r.Decided.Window.EndMs, r.Decided.Threshold, r.Decided.CalibratedScore, r.Decided.Anomaly))];
    }

    private async Task<List<Decided>> RunDaemonAsync(string csvPath, int expectedWindows, IEnumerable<string> model, double messagesPerSecond = 0)
    {
        using var kafka = new MockKafkaFixture();
        var topic = kafka.NewTopic(partitions: 1);
        var output = Path.Combine(_directory, "scores.jsonl");
        List<string> settings =
        [
            $"Kafka:BootstrapServers={kafka.BootstrapServers}",
            $"Kafka:GroupId={kafka.NewGroupId()}",
            "Pipelines:0:Name=sensor",
            $"Pipelines:0:Topics:0={topic}",
            "Pipelines:0:Format:Format=Sample",
            $"Pipelines:0:Window:WindowLength={Window}",
            "Pipelines:0:Window:Hop=1",
            "Pipelines:0:Window:SampleIntervalMs=1000",
            "Sink:File:Format=JsonLines",
            $"Sink:File:Path={output}",
            string.Create(CultureInfo.InvariantCulture, $"Http:Urls=http://127.0.0.1:{DaemonSettings.FreePort()}"),
            "DeadLetter:Target=File",
            $"DeadLetter:FilePath={Path.Combine(_directory, "dead.jsonl")}",
            .. model,
        ];
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var run = RunCommand.RunAsync(null, settings, stop.Token);
        using (var producer = ReplayProducer.CreateProducer(kafka.BootstrapServers))
        {
            var replay = new ReplayOptions
            {
                Topic = topic, FileFormat = ReplayFileFormat.Csv, MessageFormat = MessageFormat.Sample, MessagesPerSecond = messagesPerSecond,
            };
            await new ReplayProducer(producer, replay).RunAsync(csvPath, stop.Token);
        }
        await KafkaOffsets.WaitUntilAsync(() => run.IsCompleted || ReadScores(output).Count >= expectedWindows, TimeSpan.FromSeconds(90),
            $"{expectedWindows} score points in the file sink");
        await stop.CancelAsync();
        Assert.Equal(0, await run);
        return [.. ReadScores(output).OrderBy(d => d.EndMs)];
    }

    private static List<Decided> ReadScores(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var decided = new List<Decided>();
        while (reader.ReadLine() is { } line)
        {
            if (!line.EndsWith('}'))
            {
                break; // a line still being written
            }
            using var point = JsonDocument.Parse(line);
            var root = point.RootElement;
            if (root.GetProperty("measurement").GetString() != "streamae_score")
            {
                continue;
            }
            var fields = root.GetProperty("fields");
            decided.Add(new Decided(root.GetProperty("time").GetInt64(), fields.GetProperty("threshold").GetDouble(),
                fields.GetProperty("calibrated_score").GetDouble(), fields.GetProperty("anomaly").GetBoolean()));
        }
        return decided;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
