using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using StreamAe.Contracts;
using StreamAe.Detector.Batching;
using StreamAe.Detector.Configuration;
using StreamAe.Detector.Decision;
using StreamAe.Detector.Decision.State;
using StreamAe.Detector.Delivery;
using StreamAe.Detector.Learning;
using StreamAe.Detector.Scoring;
using StreamAe.Ingest.Parsing;
using StreamAe.Ingest.Parsing.DeadLetter;
using StreamAe.Ingest.Source;
using StreamAe.Ingest.Windowing;
using StreamAe.Sink;

namespace StreamAe.Detector.Pipeline;

/// <summary>
/// One pipeline: Kafka source (consume thread) → windows → micro-batcher → scorer (dedicated thread; its model a file
/// with hot reload, or learned from the stream) → thresholds, alerts and sink writes. Every hand-over is a bounded channel, so a slow sink pauses the Kafka partitions.
/// </summary>
public sealed class DetectionPipeline : IAsyncDisposable
{
    private readonly PipelineStageOptions _options;
    private readonly ILogger _logger;
    private readonly ModelSlot? _model;
    private readonly StreamLearner? _learner;
    private readonly ModelWatcher? _watcher;
    private readonly KafkaWindowSource _source;
    private readonly MicroBatcher _batcher;
    private readonly ScoringWorker _scorer;
    private readonly OutputStage _output;
    private readonly KafkaChangelog? _changelog;
    private readonly SeriesStateJournal? _journal;
    private readonly CancellationTokenSource _abort = new();
    private Task _running = Task.CompletedTask;
    private bool _disposed;

    public DetectionPipeline(PipelineStageOptions options, ISink sink, IDeadLetterSink deadLetters, ILoggerFactory loggers)
    {
        _options = options;
        _logger = loggers.CreateLogger($"StreamAe.Pipeline.{options.Name}");
        var windowSize = options.Window.WindowLength * options.Window.Channels;
        if (string.IsNullOrWhiteSpace(options.ModelPath))
        {
            _learner = new StreamLearner(options.Name, options.Window.WindowLength, options.Window.Channels, options.Window.Hop,
                options.Learning, options.Scorer, _logger);
        }
        else
        {
            var shape = new PipelineWindowShape(options.Window.WindowLength, options.Window.Channels, options.Section);
            _model = new ModelSlot(options.ModelPath, options.Scorer, shape);
            _model.Reload(); // refuses a model of another window shape, here and on every hot reload
        }
        WarnIfWindowsCannotBeTimeAligned(options);
        if (_model != null && options.ModelReloadInterval > TimeSpan.Zero)
        {
            _watcher = new ModelWatcher(_model, options.ModelReloadInterval, _logger);
        }

        var windows = Channel.CreateBounded<Window>(new BoundedChannelOptions(options.Batching.MaxBatch * 2) { SingleWriter = true, SingleReader = true });
        var batches = Channel.CreateBounded<WindowBatch>(new BoundedChannelOptions(options.Batching.QueueCapacity) { SingleWriter = true, SingleReader = true });
        var scored = Channel.CreateBounded<ScoredBatch>(new BoundedChannelOptions(options.Batching.QueueCapacity) { SingleWriter = true, SingleReader = true });

        var decisions = new DecisionStage(options.Threshold, options.Alerting);
        if (options.State.Enabled)
        {
            var topic = options.State.TopicFor(options.Source.GroupId, options.Name);
            _changelog = KafkaChangelog.Open(topic, $"{options.Section}:State", options.State, options.Source.ConnectionSettings(),
                [.. options.Source.Topics], options.State.RestoreTimeout, _logger);
            _journal = new SeriesStateJournal(options.State, decisions, _changelog, topic, _logger);
        }
        else
        {
            // Off by default (a compacted topic cannot be created on every cluster), so say what that costs.
            _logger.LogInformation(
                "Pipeline {Pipeline} keeps its per-series decision state in memory only: a restart or a partition move recalibrates " +
                "its series and forgets open alerts. {Key}=true keeps it in a changelog (docs/RELIABILITY.md).",
                options.Name, $"{options.Section}:State:Enabled");
        }
        _source = new KafkaWindowSource(options.Source, options.Format, options.Window, windows.Writer, deadLetters,
            loggers.CreateLogger<KafkaWindowSource>(), _journal);
        _batcher = new MicroBatcher(windows.Reader, batches.Writer, options.Batching, windowSize,
            options.SeriesPattern is { } pattern ? new SeriesFilter(pattern) : null, () => batches.Reader.Count);
        _scorer = new ScoringWorker(options.Name, batches.Reader, scored.Writer, (IModelSource?)_model ?? _learner!, _logger,
            reconstruct: options.Reconstruct);
        _output = new OutputStage(scored.Reader, sink, decisions, Latency, _journal, _learner);
    }

    /// <summary>Only time-aligned windows come back identical after a restart; say so where they cannot be.</summary>
    private void WarnIfWindowsCannotBeTimeAligned(PipelineStageOptions options)
    {
        var window = options.Window;
        var statesInterval = options.Format.Format is MessageFormat.Chunk or MessageFormat.Window;
        if (window.Alignment == WindowAlignment.Time && window.SampleIntervalMs == 0 && !statesInterval)
        {
            _logger.LogWarning(
                "Pipeline {Pipeline}: {Format} messages state no sampling interval, so windows are counted from the first sample read " +
                "and a restart may cut them differently; set {Key} to align them on time.",
                options.Name, options.Format.Format, $"{options.Section}:Window:SampleIntervalMs");
        }
    }

    public string Name => _options.Name;

    /// <summary>The model file's slot; null when the pipeline learns its model from the stream.</summary>
    public ModelSlot? Model => _model;

    /// <summary>The learner of a pipeline without a model file; null otherwise.</summary>
    public StreamLearner? Learner => _learner;

    public ModelWatcher? Watcher => _watcher;

    public KafkaWindowSource Source => _source;

    /// <summary>From each window's last sample timestamp to its acknowledgement by every sink.</summary>
    public EndToEndLatency Latency { get; } = new();

    /// <summary>Each decided window and the alert transition it caused, on the output stage's thread.</summary>
    public event Action<ScoredWindow, AlertEvent?>? Decided
    {
        add => _output.Decided += value;
        remove => _output.Decided -= value;
    }

    /// <summary>Completes when the pipeline has drained after <see cref="StopAsync"/>, or faults with the first stage error.</summary>
    public Task Completion => _running;

    public void Start()
    {
        _scorer.Start();
        var batching = Task.Run(() => _batcher.RunAsync(_abort.Token));
        var output = Task.Run(() => _output.RunAsync(_abort.Token));
        _source.Start();
        _running = WhenAllOrFirstFault(_source.Completion, batching, _scorer.Completion, output);
    }

    /// <summary>Stops consuming; the source waits (its revoke grace period) for in-flight windows to be written and
    /// commits them, then completes its channel, and the later stages drain in order.</summary>
    public async Task StopAsync(TimeSpan drainTimeout)
    {
        _watcher?.Dispose();
        await _source.StopAsync().ConfigureAwait(false);
        var drained = await Task.WhenAny(_running, Task.Delay(drainTimeout)).ConfigureAwait(false) == _running;
        if (!drained)
        {
            _logger.LogWarning("Pipeline {Pipeline} did not drain within {Timeout}; what was not written is re-read after restart.",
                Name, drainTimeout);
            await _abort.CancelAsync().ConfigureAwait(false);
        }
        await _running.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _watcher?.Dispose();
        await _abort.CancelAsync().ConfigureAwait(false);
        try
        {
            await _running.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
        {
            // aborting: nothing more to deliver
        }
        _source.Dispose();
        _journal?.Dispose();
        _changelog?.Dispose();
        _model?.Dispose();
        _abort.Dispose();
    }

    private static async Task WhenAllOrFirstFault(params Task[] tasks)
    {
        var remaining = tasks.ToList();
        while (remaining.Count > 0)
        {
            var finished = await Task.WhenAny(remaining).ConfigureAwait(false);
            await finished.ConfigureAwait(false); // rethrows the first failure
            remaining.Remove(finished);
        }
    }
}
