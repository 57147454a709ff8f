namespace StreamAe.Tools.Bench;

/// <summary>
/// What the process does with memory while a benchmark runs: resident set and managed heap sampled every second,
/// and the garbage collector's pauses and collections since the watch started. Figures leave out the first fifth of
/// the samples (JIT, pools, librdkafka buffers warming up).
/// </summary>
internal sealed class ProcessMemoryWatch : IDisposable
{
    private readonly List<(long Resident, long ManagedHeap)> _samples = [];
    private readonly TimeSpan _pausedBefore = GC.GetTotalPauseDuration();
    private readonly int _gen0Before = GC.CollectionCount(0);
    private readonly int _gen2Before = GC.CollectionCount(2);
    private readonly Timer _timer;

    public ProcessMemoryWatch() => _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromSeconds(1));

    public void Dispose() => _timer.Dispose();

    public IEnumerable<BenchFigure> Figures(string suite, string label)
    {
        var paused = GC.GetTotalPauseDuration() - _pausedBefore;
        var gen0 = GC.CollectionCount(0) - _gen0Before;
        var gen2 = GC.CollectionCount(2) - _gen2Before;
        yield return new(suite, $"{label}: GC pauses (whole process)", paused.TotalMilliseconds, $"ms in {gen0} collections, {gen2} full");

        List<(long Resident, long ManagedHeap)> settled;
        lock (_samples)
        {
            settled = _samples.Skip(_samples.Count / 5).ToList();
        }
        if (settled.Count < 2)
        {
            yield break;
        }
        var (first, half, last) = (settled[0], settled[settled.Count / 2], settled[^1]);
        yield return new(suite, $"{label}: RSS after warm-up", Mib(first.Resident), "MiB");
        yield return new(suite, $"{label}: RSS change over the run", Percent(first.Resident, last.Resident), "%");
        yield return new(suite, $"{label}: RSS peak", Mib(settled.Max(s => s.Resident)), "MiB");
        // Where it grows: a leak keeps climbing in the second half, a warm-up settles.
        yield return new(suite, $"{label}: RSS change over the second half", Percent(half.Resident, last.Resident), "%");
        // Whether the growth is the managed heap (kept objects, fragmentation) or native memory (libtorch, librdkafka).
        yield return new(suite, $"{label}: managed heap after warm-up → end", Mib(first.ManagedHeap),
            $"MiB → {Mib(last.ManagedHeap):0} MiB");
    }

    private void Sample()
    {
        var sample = (Environment.WorkingSet, GC.GetGCMemoryInfo().HeapSizeBytes);
        lock (_samples)
        {
            _samples.Add(sample);
        }
    }

    private static double Mib(long bytes) => bytes / 1048576.0;

    private static double Percent(long from, long to) => 100.0 * (to - from) / from;
}
