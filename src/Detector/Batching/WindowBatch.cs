using System.Buffers;
using StreamAe.Contracts;

namespace StreamAe.Detector.Batching;

/// <summary>
/// Windows of one pipeline gathered for one scoring call, their samples copied into one pooled contiguous buffer
/// (count × length × channels) so the scorer makes a single tensor copy. The window list is pooled too: a batch is
/// sized for the largest batch, and a fresh array of that size per batch was most of the batcher's allocation.
/// </summary>
public sealed class WindowBatch : IDisposable
{
    private float[] _samples;
    private Window[] _windows;

    public WindowBatch(int capacity, int windowSize)
    {
        WindowSize = windowSize;
        _windows = ArrayPool<Window>.Shared.Rent(capacity);
        _samples = ArrayPool<float>.Shared.Rent(capacity * windowSize);
    }

    public int WindowSize { get; }

    public ArraySegment<Window> Windows => new(_windows, 0, Count);

    public int Count { get; private set; }

    public ReadOnlySpan<float> Samples => _samples.AsSpan(0, Count * WindowSize);

    /// <summary>When the first window joined: the start of its batching delay.</summary>
    public long FirstArrivalTimestamp { get; private set; }

    public void Add(Window window)
    {
        if (window.Values.Length != WindowSize)
        {
            throw new ArgumentException(
                $"window of series '{window.Series}' has {window.Values.Length} values; this pipeline's model takes {WindowSize}.");
        }
        if (Count == 0)
        {
            FirstArrivalTimestamp = System.Diagnostics.Stopwatch.GetTimestamp();
        }
        window.Values.CopyTo(_samples.AsSpan(Count * WindowSize));
        _windows[Count++] = window;
    }

    public void Dispose()
    {
        if (_samples.Length > 0)
        {
            ArrayPool<float>.Shared.Return(_samples);
            ArrayPool<Window>.Shared.Return(_windows, clearArray: true); // the pool must not keep windows alive
            _samples = [];
            _windows = [];
            Count = 0;
        }
    }
}
