using Microsoft.Extensions.Logging;
using StreamAe.Model.ModelFile;

namespace StreamAe.Detector.Scoring;

/// <summary>
/// Hot reload: polls the model file's size and write time (polling also sees atomic renames and symlink swaps,
/// which file-system events miss on some mounts) and reloads the slot when they change. A file that fails to load, or
/// takes windows of another shape, is logged and ignored; the slot keeps serving the model it has.
/// </summary>
public sealed class ModelWatcher : IDisposable
{
    private readonly ModelSlot _slot;
    private readonly ILogger _logger;
    private readonly Timer _timer;
    private (DateTime, long) _seen;
    private int _checking;

    public ModelWatcher(ModelSlot slot, TimeSpan interval, ILogger logger)
    {
        _slot = slot;
        _logger = logger;
        _seen = Stamp();
        _timer = new Timer(_ => Check(), null, interval, interval);
    }

    /// <summary>Raised after each reload attempt: the new metadata, or the reason the file was rejected.</summary>
    public event Action<ModelMetadata?, string?>? Reloaded;

    private (DateTime, long) Stamp()
    {
        var info = new FileInfo(_slot.Path);
        return info.Exists ? (info.LastWriteTimeUtc, info.Length) : default;
    }

    private void Check()
    {
        if (Interlocked.Exchange(ref _checking, 1) == 1)
        {
            return;
        }
        try
        {
            var stamp = Stamp();
            if (stamp == _seen || stamp == default)
            {
                return;
            }
            _seen = stamp;
            try
            {
                var metadata = _slot.Reload();
                _logger.LogInformation("Model {Path} reloaded: {Name}, threshold {Threshold}.", _slot.Path, metadata.Name, metadata.Threshold.Threshold);
                Reloaded?.Invoke(metadata, null);
            }
            catch (Exception e) when (e is ModelFileFormatException or IOException or UnauthorizedAccessException or ArgumentException)
            {
                _logger.LogError("Model {Path} changed but was rejected, the previous model keeps serving: {Reason}", _slot.Path, e.Message);
                Reloaded?.Invoke(null, e.Message);
            }
        }
        finally
        {
            Volatile.Write(ref _checking, 0);
        }
    }

    public void Dispose() => _timer.Dispose();
}
