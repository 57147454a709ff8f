using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StreamAe.Detector.Configuration;
using StreamAe.Detector.Pipeline;
using StreamAe.Ingest.Parsing.DeadLetter;
using StreamAe.Sink;

namespace StreamAe.Detector.Hosting;

/// <summary>
/// Runs every configured pipeline into one sink fan-out. Start: sink start-up checks (fail fast on bad credentials or a
/// missing database), models loaded, consumers started. Stop (SIGTERM): stop consuming, drain, flush, commit.
/// A pipeline that fails stops the process with a non-zero exit code so the supervisor restarts it.
/// </summary>
public sealed class DetectorService(
    DetectorOptions options,
    Readiness readiness,
    ILoggerFactory loggers,
    IHostApplicationLifetime lifetime) : IHostedService, IAsyncDisposable
{
    private readonly ILogger _logger = loggers.CreateLogger<DetectorService>();
    private readonly List<DetectionPipeline> _pipelines = [];
    private ISink? _sink;
    private IDeadLetterSink? _deadLetters;
    private bool _disposed;

    public IReadOnlyList<DetectionPipeline> Pipelines => _pipelines;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        readiness.NotReady("sink", "start-up checks running");
        foreach (var pipeline in options.Pipelines)
        {
            readiness.NotReady(pipeline.Name, "starting");
        }
        _sink = SinkFactory.Create(options.Sink, loggers);
        await _sink.StartAsync(cancellationToken).ConfigureAwait(false);
        readiness.Ready("sink");
        foreach (var output in _sink.Outputs)
        {
            readiness.Watch($"sink:{output.Name}", () => output.Stats.WriteFailure is { } failure ? $"writes failing: {failure}" : null);
        }
        _deadLetters = options.DeadLetter.CreateSink(options.Kafka, loggers.CreateLogger("StreamAe.DeadLetter"));
        for (var index = 0; index < options.Pipelines.Count; index++)
        {
            var pipelineOptions = options.Pipelines[index];
            var pipeline = new DetectionPipeline(PipelineStageOptions.For(options, index), _sink, _deadLetters, loggers);
            _pipelines.Add(pipeline);
            pipeline.Start();
            readiness.Ready(pipeline.Name);
            readiness.Watch($"{pipeline.Name}:kafka", () => pipeline.Source.Connection.Problem);
            _ = WatchAsync(pipeline);
            _logger.LogInformation("Pipeline {Pipeline} started: topics {Topics}, model {Model}.", pipeline.Name,
                string.Join(",", pipelineOptions.Topics), pipelineOptions.ModelPath);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var drainTimeout = TimeSpan.FromMilliseconds(Math.Max(options.Sink.Influx.DrainTimeoutMs, 5000));
        await Task.WhenAll(_pipelines.Select(p => StopQuietlyAsync(p, drainTimeout))).ConfigureAwait(false);
        if (_sink != null)
        {
            await _sink.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        _logger.LogInformation("All pipelines drained and committed.");
    }

    public async ValueTask DisposeAsync()
    {
        // Registered both as itself and as a hosted service, so the container disposes it twice.
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        foreach (var pipeline in _pipelines)
        {
            await pipeline.DisposeAsync().ConfigureAwait(false);
        }
        if (_sink != null)
        {
            await _sink.DisposeAsync().ConfigureAwait(false);
        }
        _deadLetters?.Dispose();
    }

    private async Task StopQuietlyAsync(DetectionPipeline pipeline, TimeSpan drainTimeout)
    {
        try
        {
            await pipeline.StopAsync(drainTimeout).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Pipeline {Pipeline} failed while stopping.", pipeline.Name);
        }
    }

    private async Task WatchAsync(DetectionPipeline pipeline)
    {
        try
        {
            await pipeline.Completion.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            if (e is Confluent.Kafka.KafkaException { Error.IsFatal: true } fatal)
            {
                // The source has said why in one line (e.g. fenced by a twin with the same Kafka:InstanceId): no trace.
                _logger.LogCritical("Pipeline {Pipeline} failed ({Reason}); stopping so the supervisor restarts the service.", pipeline.Name, fatal.Error.Reason);
            }
            else
            {
                _logger.LogCritical(e, "Pipeline {Pipeline} failed; stopping so the supervisor restarts the service.", pipeline.Name);
            }
            readiness.NotReady(pipeline.Name, e.Message);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
    }
}
