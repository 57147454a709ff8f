using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StreamAe.Detector.Configuration;
using StreamAe.Detector.Hosting;
using StreamAe.Detector.Pipeline;
using StreamAe.Ingest.Parsing;
using StreamAe.Ingest.Parsing.DeadLetter;
using StreamAe.Tools.Kafka.Mock;

namespace StreamAe.Tools;

/// <summary>
/// The daemon in-process against the embedded mock Kafka cluster, as the demo and the end-to-end benchmarks run it:
/// one pipeline, no HTTP endpoints, no hot reload, dead letters to a file, InfluxDB when given else a local file.
/// </summary>
public static class EmbeddedDaemon
{
    /// <summary>A mock cluster with <paramref name="topic"/> created; consumer groups form at once (the mock waits
    /// 3 s for more members by default).</summary>
    public static MockCluster StartCluster(string topic, int partitions)
    {
        var cluster = new MockCluster();
        cluster.CreateTopic(topic, partitions);
        cluster.SetGroupInitialRebalanceDelay(TimeSpan.Zero);
        return cluster;
    }

    /// <summary>Builds and starts the daemon (warnings only in the log) and hands back its one pipeline.</summary>
    public static async Task<RunningDaemon> StartAsync(DetectorOptions options, CancellationToken cancellationToken = default)
    {
        var host = DaemonHost.Build(options, new ConfigurationBuilder().Build(), LogLevel.Warning);
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        return new RunningDaemon(host, host.Services.GetRequiredService<DetectorService>().Pipelines.Single());
    }

    /// <summary>A pipeline reading <paramref name="format"/> messages from <paramref name="topic"/> into windows of
    /// <paramref name="windowLength"/> samples every <paramref name="hop"/>.</summary>
    public static PipelineOptions Pipeline(string name, string topic, MessageFormat format, string modelPath, int windowLength, int hop)
    {
        var pipeline = new PipelineOptions { Name = name, Topics = [topic], ModelPath = modelPath };
        pipeline.Format.Format = format;
        pipeline.Window.WindowLength = windowLength;
        pipeline.Window.Hop = hop;
        return pipeline;
    }

    public static DetectorOptions Options(string bootstrapServers, PipelineOptions pipeline, string work, EmbeddedSink sink)
    {
        var options = new DetectorOptions();
        options.Kafka.BootstrapServers = bootstrapServers;
        options.Kafka.GroupId = pipeline.Name;
        options.Kafka.FetchWaitMaxMs = 5; // measured: the mock broker holds an empty fetch for the whole wait
        options.Http.Urls = "0";
        options.Scoring.ReloadIntervalMs = 0;
        options.DeadLetter.Target = DeadLetterTarget.File;
        options.DeadLetter.FilePath = Path.Combine(work, $"{pipeline.Name}-dead-letters.jsonl");
        options.Pipelines.Add(pipeline);
        if (sink.InfluxUrl is { } url)
        {
            options.Sink.Influx.Url = url;
            options.Sink.Influx.Database = sink.InfluxDatabase;
            options.Sink.Influx.CreateIfMissing = true;
        }
        else
        {
            options.Sink.File.Path = sink.FilePath;
            options.Sink.File.MaxFileBytes = 1L << 30;
        }
        return options;
    }
}

/// <summary>Where an embedded daemon writes: InfluxDB (v1) when a URL is given, else a line-protocol file. Batching
/// keeps the outputs' defaults: a free writer sends at once, so no shorter delay is needed for low latency.</summary>
public sealed record EmbeddedSink(string? InfluxUrl, string InfluxDatabase, string FilePath);

/// <summary>A started embedded daemon and its single pipeline; disposing disposes the host.</summary>
public sealed record RunningDaemon(IHost Host, DetectionPipeline Pipeline) : IDisposable
{
    /// <summary>Looks every <paramref name="poll"/> until <paramref name="done"/> holds, the pipeline failed, or
    /// <paramref name="clock"/> shows <paramref name="limit"/>; false unless <paramref name="done"/> holds.</summary>
    public async Task<bool> WaitUntilAsync(Func<DetectionPipeline, bool> done, Stopwatch clock, TimeSpan limit, TimeSpan poll)
    {
        while (!done(Pipeline) && clock.Elapsed < limit && !Pipeline.Completion.IsFaulted)
        {
            await Task.Delay(poll).ConfigureAwait(false);
        }
        return done(Pipeline);
    }

    public void Dispose() => Host.Dispose();
}
