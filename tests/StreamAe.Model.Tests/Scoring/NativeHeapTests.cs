using System.Globalization;
using System.Runtime.InteropServices;
using StreamAe.Model.Scoring;

namespace StreamAe.Model.Tests.Scoring;

[CollectionDefinition(nameof(NativeHeapTests), DisableParallelization = true)]
public sealed class NativeHeapCollection;

/// <summary>Runs alone: it reads the process's resident memory, which other tests' allocations would move.</summary>
[Collection(nameof(NativeHeapTests))]
public sealed class NativeHeapTests
{
    private const int Blocks = 64;
    private const int BlockBytes = 1 << 20;

    [Fact]
    public void Glibc_accepts_the_heap_thresholds_and_arena_cap_and_a_second_call_is_a_no_op()
    {
        Assert.True(OperatingSystem.IsLinux(), "the product targets Linux; this host is not");
        Assert.True(NativeHeap.KeepFreedMemory(), "mallopt refused the thresholds or the arena cap");
        Assert.True(NativeHeap.KeepFreedMemory());
    }

    [Fact]
    public void Freed_heap_memory_stays_resident_until_ReleaseFreePages_hands_it_back()
    {
        Assert.True(NativeHeap.KeepFreedMemory());
        var filler = new byte[BlockBytes];
        Array.Fill(filler, (byte)1);
        var blocks = new IntPtr[Blocks];
        for (var i = 0; i < Blocks; i++)
        {
            blocks[i] = Marshal.AllocHGlobal(BlockBytes); // malloc: below the 1 GiB mmap threshold, on the heap
            Marshal.Copy(filler, 0, blocks[i], BlockBytes);
        }
        var inUse = ResidentAnonymousMiB();
        foreach (var block in blocks)
        {
            Marshal.FreeHGlobal(block);
        }
        var freed = ResidentAnonymousMiB();

        Assert.True(NativeHeap.ReleaseFreePages(), "malloc_trim returned nothing to the kernel");
        var trimmed = ResidentAnonymousMiB();

        Assert.True(freed > inUse - 16, $"the heap gave back freed memory on free: {inUse} → {freed} MiB");
        Assert.True(trimmed < freed - 48, $"trimming returned too little of the {Blocks} MiB freed: {freed} → {trimmed} MiB");
    }

    private static long ResidentAnonymousMiB()
    {
        var line = File.ReadLines("/proc/self/status").Single(l => l.StartsWith("RssAnon:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }
}
