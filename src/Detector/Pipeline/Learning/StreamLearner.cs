using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using StreamAe.Contracts;
using StreamAe.Detector.Ops;
using StreamAe.Detector.Pipeline.Scoring;
using StreamAe.Model.Architectures;
using StreamAe.Model.Data;
using StreamAe.Model.Jobs;
using StreamAe.Model.Scoring;
using StreamAe.Model.Training;

namespace StreamAe.Detector.Pipeline.Learning;

/// <summary>
/// The model source of a pipeline that learns from its stream. The scoring thread hands it the warm-up windows and
/// trains the first model on them before scoring the next window; the output stage shows it every decided window,
/// and every <see cref="LearningOptions.RetrainEveryWindows"/> it trains a new version on recent windows judged
/// normal (in the background in the daemon, at once in a replay), which takes over at a fixed stream position, so a
/// replay of the stream switches at the same window the daemon does when training keeps up.
/// </summary>
public sealed class StreamLearner : IModelSource
{
    private readonly string _pipeline;
    private readonly int _windowLength;
    private readonly int _channels;
    private readonly int _hop;
    private readonly int _windowSize;
    private readonly LearningOptions _options;
    private readonly ScorerOptions _scorerOptions;
    private readonly ILogger _logger;
    private readonly bool _trainInline;
    private readonly LearnedVersions _versions;
    private readonly TrainingSet _training;
    private float[]? _warmup;
    private int _warmupCount;
    private readonly HashSet<string> _warmupSeries = new(StringComparer.Ordinal);
    private long _warmupFirstEndMs;
    private LearnedVersion? _ready;
    private int _lastVersion;
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
        _versions = new LearnedVersions(string.IsNullOrWhiteSpace(options.ModelDirectory)
            ? Path.Combine("learned-models", pipeline)
            : options.ModelDirectory);
        _training = new TrainingSet(options.TrainingWindows, _windowSize,
            Math.Max(1, options.RetrainEveryWindows / options.TrainingWindows), options.QuarantineSpans);
        if (_versions.Newest() is { } newest)
        {
            _ready = newest with { ActivateAt = 0 };
            _resumed = true;
            _lastVersion = newest.Version;
            _nextRetrainAt = options.RetrainEveryWindows;
            _logger.LogInformation("Pipeline {Pipeline} resumes with its learned model version {Version} ({File}), no warm-up.",
                pipeline, newest.Version, _versions.PathOf(newest.File));
        }
        else
        {
            _warmup = new float[options.WarmupWindows * _windowSize];
            _logger.LogInformation("Pipeline {Pipeline} has no model: it learns one from its first {Windows} windows, deciding none of them.",
                pipeline, options.WarmupWindows);
        }
    }

    /// <summary>Where the learned model files and their record live.</summary>
    public LearnedVersions Versions => _versions;

    public int TakeUnscored(ReadOnlySpan<float> samples, IReadOnlyList<Window> windows, long position)
    {
        if (_warmup is null)
        {
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
        DetectorMetrics.WarmupWindows.Add(taken);
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
        if (ready is null || ready.ActivateAt >= from + count)
        {
            return false;
        }
        Interlocked.CompareExchange(ref _ready, null, ready);
        activation = new ModelActivation(ready.ActivateAt, BatchScorer.Load(_versions.PathOf(ready.File), _scorerOptions), ready.Version);
        return true;
    }

    /// <summary>Every window in stream order, from the output stage: <paramref name="decision"/> is null for a window
    /// without a verdict now — a warm-up window (assumed normal, it seeds the training set) or one a restored state
    /// had already decided.</summary>
    public void Observe(Window window, ScoredWindow? decision)
    {
        _position++;
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
            DetectorMetrics.ModelsLearned.Add(1, new KeyValuePair<string, object?>("outcome", "skipped"));
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
        var version = Interlocked.Increment(ref _lastVersion);
        var file = $"{_pipeline}-v{version:D4}.streamae";
        try
        {
            var started = Stopwatch.GetTimestamp();
            var data = new WindowSet(values.Length == count * _windowSize ? values : values[..(count * _windowSize)],
                Enumerable.Repeat(1.0, count).ToArray(), _windowLength, _channels,
                Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(values.AsSpan(0, count * _windowSize)))));
            Directory.CreateDirectory(_versions.Directory);
            TrainJob.Run(data, new TrainJobOptions
            {
                Architecture = new ArchitectureSpec { Name = _options.Architecture, WindowLength = _windowLength },
                Hop = _hop,
                OutputPath = _versions.PathOf(file),
                Name = _pipeline,
                // Threads 0: the daemon's scorers set libtorch's process-wide thread count; a training must not change it.
                // Validation in runs of a window span: each version's reference errors must be honest, or every swap
                // restarts its series' thresholds from in-sample errors and flags the stream until they recover.
                Training = new TrainingOptions { Device = "cpu", Threads = 0, ValidationRun = (_windowLength + _hop - 1) / _hop },
            });
            var learned = new LearnedVersion(version, file, reason, DateTimeOffset.UtcNow, count, series, firstEndMs, lastEndMs,
                activateAt, Stopwatch.GetElapsedTime(started).TotalSeconds, _options.Architecture);
            _versions.Append(learned);
            Volatile.Write(ref _ready, learned);
            DetectorMetrics.ModelsLearned.Add(1, new KeyValuePair<string, object?>("outcome", "trained"));
            _logger.LogInformation(
                "Pipeline {Pipeline} learned model version {Version} ({Reason}) from {Windows} windows of {Series} series in {Seconds:F1} s; " +
                "it serves from window {ActivateAt}.", _pipeline, version, reason, count, series, learned.TrainingSeconds, activateAt);
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException or InvalidOperationException or ExternalException)
        {
            DetectorMetrics.ModelsLearned.Add(1, new KeyValuePair<string, object?>("outcome", "failed"));
            _logger.LogError("Pipeline {Pipeline} could not learn model version {Version} ({Reason}); the current model keeps serving: {Error}",
                _pipeline, version, reason, e.Message);
        }
        finally
        {
            _retraining = false;
        }
    }
}
