using StreamAe.Contracts;
using StreamAe.Model.ModelFile;
using StreamAe.Model.Scoring;

namespace StreamAe.Detector.Scoring;

/// <summary>
/// The model a pipeline scores with. <see cref="Reload"/> copies the file to a private snapshot and validates the
/// snapshot by loading it completely; only then is it published. The scoring thread notices the new
/// <see cref="Version"/> between batches and loads the same snapshot, so a batch is never scored half by one model and
/// half by another, a file being rewritten is never read half-written, and a bad file, or one taking windows of
/// another shape than <paramref name="expectedShape"/>, never replaces a good one.
/// </summary>
public sealed class ModelSlot(string path, ScorerOptions scorerOptions, PipelineWindowShape expectedShape) : IModelSource, IDisposable
{
    private static readonly string SnapshotDirectory =
        System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"streamae-models-{Environment.ProcessId}");

    private readonly Lock _gate = new();
    private string? _active;
    private long _version;
    private long _served = -1;

    public string Path { get; } = path;

    public long Version => Interlocked.Read(ref _version);

    public ModelMetadata? Metadata { get; private set; }

    /// <exception cref="ModelFileFormatException">the file is corrupt, truncated, of another format version or shape.</exception>
    public ModelMetadata Reload()
    {
        Directory.CreateDirectory(SnapshotDirectory);
        var snapshot = System.IO.Path.Combine(SnapshotDirectory, $"{Guid.NewGuid():N}.sae");
        File.Copy(Path, snapshot);
        try
        {
            ModelMetadata metadata;
            using (var scorer = BatchScorer.Load(snapshot, new ScorerOptions { Device = "cpu", Threads = scorerOptions.Threads }))
            {
                metadata = ModelFileStore.ReadMetadata(snapshot);
            }
            if (expectedShape.Mismatch(metadata) is { } mismatch)
            {
                throw new ModelFileFormatException(Path, mismatch);
            }
            lock (_gate)
            {
                (_active, var previous) = (snapshot, _active);
                Metadata = metadata;
                Interlocked.Increment(ref _version);
                DeleteQuietly(previous);
            }
            return metadata;
        }
        catch
        {
            DeleteQuietly(snapshot);
            throw;
        }
    }

    public int TakeUnscored(ReadOnlySpan<float> samples, IReadOnlyList<Window> windows, long position) => 0;

    /// <summary>A reloaded file takes over at the start of the next batch the scoring thread takes.</summary>
    public bool TryActivate(long from, int count, out ModelActivation activation)
    {
        activation = default;
        if (Version == _served)
        {
            return false;
        }
        lock (_gate)
        {
            var active = _active ?? throw new InvalidOperationException($"model '{Path}' was never loaded.");
            _served = Version;
            activation = new ModelActivation(from, BatchScorer.Load(active, scorerOptions), _served);
            return true;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            DeleteQuietly(_active);
            _active = null;
        }
    }

    private static void DeleteQuietly(string? file)
    {
        if (file != null)
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
                // a scorer on another thread may still be reading it; the temp folder is per process
            }
        }
    }
}
