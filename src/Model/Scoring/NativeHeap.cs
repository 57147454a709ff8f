using System.Runtime.InteropServices;

namespace StreamAe.Model.Scoring;

/// <summary>
/// Keeps glibc from handing freed multi-MB tensor buffers back to the kernel. By default every large tensor is a
/// fresh mmap whose pages fault in again on the next batch (~10 µs a page here, measured; docs/BENCHMARKS.md, "Scoring"): on the 2-vCPU VM
/// batch-1 024 scoring fell from 2.3 M to 0.15 M windows/s. Same effect as MALLOC_MMAP_THRESHOLD_ /
/// MALLOC_TRIM_THRESHOLD_, applied from inside the process. Also caps glibc at two malloc arenas: with the heap never
/// trimmed, each of the many threads' arenas (librdkafka, .NET, libtorch) kept its own high-water mark and resident
/// memory crept (+7.3 % over two minutes of live load; +3.1 % with two arenas, docs/BENCHMARKS.md). Process-wide;
/// glibc only (elsewhere a no-op); call it before threads start allocating. Since the heap is never trimmed on free,
/// a long-running process calls <see cref="ReleaseFreePages"/> now and then, so resident memory follows what is in use
/// rather than the highest it ever was.
/// </summary>
public static class NativeHeap
{
    private const int TrimThreshold = -1;  // M_TRIM_THRESHOLD
    private const int MmapThreshold = -3;  // M_MMAP_THRESHOLD
    private const int ArenaMax = -8;       // M_ARENA_MAX
    private const int Arenas = 2;
    private const int Threshold = 1 << 30; // 1 GiB: batches stay on the heap and the heap is not trimmed

    private static int applied;

    /// <summary>True once the thresholds are set (or were set earlier); false where mallopt is unavailable.</summary>
    public static bool KeepFreedMemory()
    {
        if (Volatile.Read(ref applied) == 1)
        {
            return true;
        }
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }
        try
        {
            var ok = mallopt(MmapThreshold, Threshold) == 1 && mallopt(TrimThreshold, Threshold) == 1
                && mallopt(ArenaMax, Arenas) == 1;
            if (ok)
            {
                Volatile.Write(ref applied, 1);
            }
            return ok;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Returns the whole free pages between allocations in every arena, and the main heap's unused end, to the
    /// kernel (glibc's <c>malloc_trim(0)</c>); true when any were returned. A page in use again later faults in once,
    /// so call it seconds apart, not per batch.</summary>
    public static bool ReleaseFreePages()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }
        try
        {
            return malloc_trim(0) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int malloc_trim(nuint pad);

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int mallopt(int parameter, int value);
}
