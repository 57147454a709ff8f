using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using StreamAe.Contracts;
using StreamAe.Detector.Scoring;
using StreamAe.Model.Architectures;
using StreamAe.Model.Data;
using StreamAe.Model.Jobs;
using StreamAe.Model.Scoring;
using StreamAe.Model.Training;

namespace StreamAe.Detector.Learning;

/// <summary>
/// The model source of a pipeline that learns from its stream. The scoring thread hands it the warm-up windows and
/// trains the first model on them before scoring the next window; the output stage shows it every decided window,
/// and every <see cref="LearningOptions.RetrainEveryWindows"/> it trains a new version on recent windows judged
/// normal (in the background in the daemon, at once in a replay), which takes over at a fixed stream position, so a
/// replay of the stream switches at the same window the daemon does when training keeps up.
/// <para>Its versions form one lineage in <see cref="LearningOptions.ModelDirectory"/>: every daemon of a consumer group
/// that shares the directory publishes there and adopts the newest version any of them published, so a series that
/// moves to another daemon finds the model its restored state was learned against.</para>
/// </summary>
public sealed partial class StreamLearner : IModelSource
{
    /// <summary>How often a daemon's learner looks for a version another daemon published (while windows flow).</summary>
    private static readonly TimeSpan LineageCheckInterval = TimeSpan.FromSeconds(5);
    private readonly string _pipeline;
    private readonly int _windowLength;
    private readonly int _channels;
    private readonly int _hop;
    private readonly int _windowSize;
    private readonly LearningOptions _options;
    private readonly ScorerOptions _scorerOptions;
    private readonly ILogger _logger;
    private readonly bool _trainInline;
    private readonly LearnedLineage _lineage;
    private readonly TrainingSet _training;
    private float[]? _warmup;
    private int _warmupCount;
    private readonly HashSet<string> _warmupSeries = new(StringComparer.Ordinal);
    private long _warmupFirstEndMs;
    private readonly Lock _versionGate = new();
    private Takeover? _ready;
    private int _lastVersion;
    private volatile bool _adoptedFromLineage;
    private long _lineageCheckedAt;
    private int _checkingLineage;
    private long _position;
    private long _nextRetrainAt;
    private long _decidedSinceRetrain;
    private long _anomalousSinceRetrain;
    private volatile bool _retraining;
    private readonly bool _resumed;

    /// <param name="trainInline">train on the calling thread (a replay, deterministic) rather than in the background</param>
    public StreamLearner(string pipeline, int windowLength, int channels, int hop, LearningOptions options,
        ScorerOptions scorerOptions, ILogger logger, bool trainInline = false)
    {
        _pipeline = pipeline;
        _windowLength = windowLength;
        _channels = channels;
        _hop = hop;
        _windowSize = windowLength * channels;
        _options = options;
        _scorerOptions = scorerOptions;
        _logger = logger;
        _trainInline = trainInline;
        _lineage = new LearnedLineage(string.IsNullOrWhiteSpace(options.ModelDirectory)
            ? Path.Combine("learned-models", pipeline)
            : options.ModelDirectory, pipeline);
        _training = new TrainingSet(options.TrainingWindows, _windowSize,
            Math.Max(1, options.RetrainEveryWindows / options.TrainingWindows), options.QuarantineSpans);
        if (_lineage.Newest() is { } newest)
        {
            Take(newest, position: null);
            _resumed = true;
            _nextRetrainAt = options.RetrainEveryWindows;
            _logger.LogInformation("Pipeline {Pipeline} resumes with its learned model version {Version} ({File}), no warm-up.",
                pipeline, newest.Version, _lineage.PathOf(newest.File));
        }
        else
        {
            _warmup = new float[options.WarmupWindows * _windowSize];
            _logger.LogInformation("Pipeline {Pipeline} has no model: it learns one from its first {Windows} windows, deciding none of them.",
                pipeline, options.WarmupWindows);
        }
    }

    public int TakeUnscored(ReadOnlySpan<float> samples, IReadOnlyList<Window> windows, long position)
    {
        if (_warmup is null)
        {
            return 0;
        }
        if (Volatile.Read(ref _ready) is not null)
        {
            // Another daemon published a version meanwhile: it scores from here, and this warm-up is not needed.
            (_warmup, _warmupCount) = (null, 0);
            _warmupSeries.Clear();
            return 0;
        }
        var taken = Math.Min(windows.Count, _options.WarmupWindows - _warmupCount);
        samples[..(taken * _windowSize)].CopyTo(_warmup.AsSpan(_warmupCount * _windowSize));
        if (_warmupCount == 0 && taken > 0)
        {
            _warmupFirstEndMs = windows[0].EndMs;
        }
        for (var i = 0; i < taken; i++)
        {
            _warmupSeries.Add(windows[i].Series);
        }
        _warmupCount += taken;
        LearningMetrics.WarmupWindows.Add(taken);
        if (_warmupCount == _options.WarmupWindows)
        {
            var values = _warmup;
            _warmup = null;
            _nextRetrainAt = position + taken + _options.RetrainEveryWindows;
            Train(values, _warmupCount, _warmupSeries.Count, _warmupFirstEndMs, windows[taken - 1].EndMs, "warm-up", activateAt: position + taken);
            _warmupSeries.Clear();
            _warmupCount = 0;
            if (_ready is null)
            {
                _warmup = values; // training failed (logged): warm up again on the next windows
            }
        }
        return taken;
    }

    public bool TryActivate(long from, int count, out ModelActivation activation)
    {
        activation = default;
        var ready = Volatile.Read(ref _ready);
        if (count == 0 || ready is null || ready.Position >= from + count)
        {
            return false; // count 0 (the scorer preparing before any window): a learned model waits for its position
        }
        Interlocked.CompareExchange(ref _ready, null, ready);
        activation = new ModelActivation(ready.Position ?? from, BatchScorer.Load(_lineage.PathOf(ready.Version.File), _scorerOptions),
            ready.Version.Version);
        return true;
    }

    /// <summary>Every window in stream order, from the output stage: <paramref name="decision"/> is null for a window
    /// without a verdict now — a warm-up window (assumed normal, it seeds the training set) or one a restored state
    /// had already decided.</summary>
    public void Observe(Window window, ScoredWindow? decision)
    {
        _position++;
        if (!_trainInline)
        {
            CheckLineageWhenDue();
        }
        if (_adoptedFromLineage)
        {
            _adoptedFromLineage = false;
            _nextRetrainAt = _position + _options.RetrainEveryWindows;
        }
        if (decision is null)
        {
            if (!_resumed && _position <= _options.WarmupWindows)
            {
                _training.Offer(window);
            }
            return;
        }
        _decidedSinceRetrain++;
        if (decision.Anomaly)
        {
            _anomalousSinceRetrain++;
            _training.Anomalous(window);
        }
        else
        {
            _training.Offer(window);
        }
        if (_options.RetrainEveryWindows > 0 && _position >= _nextRetrainAt && !_retraining)
        {
            Retrain();
        }
    }

    private void Retrain()
    {
        _nextRetrainAt = _position + _options.SwapDelayWindows + _options.RetrainEveryWindows;
        var anomalousShare = (double)_anomalousSinceRetrain / Math.Max(1, _decidedSinceRetrain);
        (_decidedSinceRetrain, _anomalousSinceRetrain) = (0, 0);
        if (anomalousShare > _options.MaxAnomalousShare || _training.Count < 8)
        {
            LearningMetrics.ModelsLearned.Add(1, new KeyValuePair<string, object?>("outcome", "skipped"));
            _logger.LogWarning(
                "Pipeline {Pipeline} keeps model version {Version}: {Share:P1} of the windows since the last retraining were anomalous " +
                "(Learning:MaxAnomalousShare {Max:P1}) or too few were normal ({Count}); a fault is not learned as normal.",
                _pipeline, _lastVersion, anomalousShare, _options.MaxAnomalousShare, _training.Count);
            return;
        }
        var (values, count, series, first, last) = _training.Snapshot();
        var activateAt = _position + _options.SwapDelayWindows;
        _retraining = true;
        if (_trainInline)
        {
            Train(values, count, series, first, last, "retrain", activateAt);
        }
        else
        {
            _ = Task.Run(() => Train(values, count, series, first, last, "retrain", activateAt));
        }
    }

    private void Train(float[] values, int count, int series, long firstEndMs, long lastEndMs, string reason, long activateAt)
    {
        int version;
        lock (_versionGate)
        {
            version = _lastVersion + 1; // the successor of the version this learner runs: claimed once in the lineage
        }
        var file = _lineage.NewModelFile(version);
        try
        {
            var started = Stopwatch.GetTimestamp();
            var data = new WindowSet(values.Length == count * _windowSize ? values : values[..(count * _windowSize)],
                Enumerable.Repeat(1.0, count).ToArray(), _windowLength, _channels,
                Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(values.AsSpan(0, count * _windowSize)))));
            Directory.CreateDirectory(_lineage.Directory);
            TrainJob.Run(data, new TrainJobOptions
            {
                Architecture = new ArchitectureSpec { Name = _options.Architecture, WindowLength = _windowLength },
                Hop = _hop,
                OutputPath = _lineage.PathOf(file),
                Name = _pipeline,
                // Threads 0: the daemon's scorers set libtorch's process-wide thread count; a training must not change it.
                // Validation in runs of a window span: each version's reference errors must be honest, or every swap
                // restarts its series' thresholds from in-sample errors and flags the stream until they recover.
                Training = new TrainingOptions { Device = "cpu", Threads = 0, ValidationRun = (_windowLength + _hop - 1) / _hop },
            });
            var learned = new LearnedVersion(version, file, reason, DateTimeOffset.UtcNow, count, series, firstEndMs, lastEndMs,
                activateAt, Stopwatch.GetElapsedTime(started).TotalSeconds, _options.Architecture);
            if (Publish(learned) is not { } published)
            {
                return;
            }
            LearningMetrics.ModelsLearned.Add(1, new KeyValuePair<string, object?>("outcome", "trained"));
            _logger.LogInformation(
                "Pipeline {Pipeline} learned model version {Version} ({Reason}) from {Windows} windows of {Series} series in {Seconds:F1} s; " +
                "it serves from window {ActivateAt}.", _pipeline, published.Version, reason, count, series, learned.TrainingSeconds, activateAt);
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException or InvalidOperationException or ExternalException)
        {
            LearningMetrics.ModelsLearned.Add(1, new KeyValuePair<string, object?>("outcome", "failed"));
            _logger.LogError("Pipeline {Pipeline} could not learn model version {Version} ({Reason}); the current model keeps serving: {Error}",
                _pipeline, version, reason, e.Message);
        }
        finally
        {
            _retraining = false;
        }
    }
}
