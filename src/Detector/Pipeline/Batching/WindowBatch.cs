using System.Buffers;
using StreamAe.Contracts;

namespace StreamAe.Detector.Pipeline.Batching;

/// <summary>
/// Windows of one pipeline gathered for one scoring call, their samples copied into one pooled contiguous buffer
/// (count × length × channels) so the scorer makes a single tensor copy.
/// </summary>
public sealed class WindowBatch : IDisposable
{
    private float[] _samples;

    public WindowBatch(int capacity, int windowSize)
    {
        WindowSize = windowSize;
        Windows = new List<Window>(capacity);
        _samples = ArrayPool<float>.Shared.Rent(capacity * windowSize);
    }

    public int WindowSize { get; }

    public List<Window> Windows { get; }

    public int Count => Windows.Count;

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
        Windows.Add(window);
    }

    public void Dispose()
    {
        if (_samples.Length > 0)
        {
            ArrayPool<float>.Shared.Return(_samples);
            _samples = [];
        }
    }
}
