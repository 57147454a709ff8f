using StreamAe.Contracts;
using System.Runtime.InteropServices;
using StreamAe.Model.Architectures;
using StreamAe.Model.ModelFile;
using StreamAe.Model.Scaling;
using StreamAe.Model.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace StreamAe.Model.Scoring;

/// <summary>
/// Scores micro-batches of windows with a trained model: one copy in (into a pooled CPU tensor kept at the
/// largest batch seen, so big batches do not fault fresh pages in every call; page-locked when scoring on a GPU),
/// scaling, reconstruction and per-window MSE in torch, one copy out. Not thread-safe: use one scorer per scoring
/// thread.
/// </summary>
public sealed class BatchScorer : IDisposable
{
    private readonly AutoencoderModule module;
    private readonly TensorScaler scaler;
    private readonly Device device;
    private readonly bool ownsModule;
    private Tensor? input;
    private bool inputPinned;
    private long capacity;

    public BatchScorer(TrainedModel model, ScorerOptions? options = null)
        : this(Required(model).Module, model.Metadata.Scaler, model.Metadata.Threshold.Threshold, model.Metadata.Name, options ?? new ScorerOptions(), ownsModule: false)
    {
        CalibrationSeed = model.Metadata.CalibrationSeed();
    }

    public BatchScorer(AutoencoderModule module, ScalerParameters scaling, double threshold, string modelName, ScorerOptions options, bool ownsModule)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid("Scoring");
        if (options.Threads > 0)
        {
            set_num_threads(options.Threads);
        }
        if (options.KeepNativeHeap)
        {
            NativeHeap.KeepFreedMemory();
        }
        this.module = module;
        this.ownsModule = ownsModule;
        device = DeviceSelector.Resolve(options.Device);
        module.to(device);
        module.eval();
        scaler = new TensorScaler(scaling, module.WindowLength, module.Channels, device);
        Threshold = threshold;
        ModelName = modelName;
    }

    private static TrainedModel Required(TrainedModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model;
    }

    /// <summary>Loads a model file and owns it until disposed.</summary>
    public static BatchScorer Load(string path, ScorerOptions? options = null)
    {
        var model = ModelFileStore.Read(path);
        try
        {
            return new BatchScorer(model.Module, model.Metadata.Scaler, model.Metadata.Threshold.Threshold, model.Metadata.Name, options ?? new ScorerOptions(), ownsModule: true)
            {
                CalibrationSeed = model.Metadata.CalibrationSeed(),
            };
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    public int WindowLength => module.WindowLength;
    public int Channels => module.Channels;
    public string ModelName { get; }
    public double Threshold { get; }

    /// <summary>Normal errors from training that seed each series' calibration (<see cref="ModelMetadata.CalibrationSeed"/>).</summary>
    public float[] CalibrationSeed { get; private init; } = [];
    public string Device => device.ToString();

    /// <param name="windows">count × W × C values, sample-major, in data units.</param>
    /// <param name="scores">receives count scores (mean squared error in scaled units, or the architecture's score).</param>
    /// <param name="reconstruction">optional: receives count × W × C reconstructed values in data units.</param>
    public void Score(ReadOnlySpan<float> windows, int count, Span<float> scores, Span<float> reconstruction = default)
    {
        var size = WindowLength * Channels;
        if (count < 1)
        {
            return;
        }
        if (windows.Length < (long)count * size)
        {
            throw new ArgumentException($"{count} windows of {WindowLength}×{Channels} need {(long)count * size} values, got {windows.Length}.", nameof(windows));
        }
        if (scores.Length < count)
        {
            throw new ArgumentException($"scores holds {scores.Length} values, {count} are needed.", nameof(scores));
        }
        var wantReconstruction = !reconstruction.IsEmpty;
        if (wantReconstruction && reconstruction.Length < (long)count * size)
        {
            throw new ArgumentException($"reconstruction holds {reconstruction.Length} values, {(long)count * size} are needed.", nameof(reconstruction));
        }

        var pooled = PooledInput(count, size);
        MemoryMarshal.AsBytes(windows[..(count * size)]).CopyTo(pooled.bytes);

        using var scope = NewDisposeScope();
        using var inference = inference_mode();
        var x = pooled.narrow(0, 0, count);
        if (device.type != DeviceType.CPU)
        {
            // Queued without blocking only from page-locked memory. The copy-out below waits for the device, so the
            // pooled buffer is free again before the next batch overwrites it.
            x = x.to(device, non_blocking: inputPinned);
        }
        // Without a reconstruction to return, the raw input is not needed again: scale it in place.
        var scaled = wantReconstruction ? scaler.Forward(x) : scaler.ForwardInPlace(x);
        var reconstructed = module.forward(scaled);
        CopyOut(module.Score(scaled, reconstructed), scores[..count]);
        if (wantReconstruction)
        {
            CopyOut(scaler.Inverse(reconstructed, x).reshape(-1), reconstruction[..(count * size)]);
        }
    }

    private Tensor PooledInput(int count, int size)
    {
        if (input is null || count > capacity)
        {
            input?.Dispose();
            input = empty([count, size], ScalarType.Float32).DetachFromDisposeScope();
            if (device.type == DeviceType.CUDA)
            {
                input = PageLocked(input);
            }
            inputPinned = device.type == DeviceType.CUDA && input.is_pinned();
            capacity = count;
        }
        return input;
    }

    /// <summary>The same buffer in page-locked memory, so the GPU copies it by DMA without the driver staging it
    /// through a pageable bounce buffer; the pageable one where the runtime cannot pin (the copy is then synchronous).</summary>
    private static Tensor PageLocked(Tensor pageable)
    {
        try
        {
            var pinned = pageable.pin_memory().DetachFromDisposeScope();
            pageable.Dispose();
            return pinned;
        }
        catch (ExternalException)
        {
            return pageable;
        }
    }

    private static void CopyOut(Tensor values, Span<float> destination)
    {
        var host = values.device_type == DeviceType.CPU ? values.contiguous() : values.cpu();
        MemoryMarshal.Cast<byte, float>(host.bytes)[..destination.Length].CopyTo(destination);
    }

    public void Dispose()
    {
        input?.Dispose();
        input = null;
        scaler.Dispose();
        if (ownsModule)
        {
            module.Dispose();
        }
    }
}
