using StreamAe.Model.Scoring;

namespace StreamAe.Model.Tests.Scoring;

public sealed class NativeHeapTests
{
    [Fact]
    public void Glibc_accepts_the_heap_thresholds_and_arena_cap_and_a_second_call_is_a_no_op()
    {
        Assert.True(OperatingSystem.IsLinux(), "the product targets Linux; this host is not");
        Assert.True(NativeHeap.KeepFreedMemory(), "mallopt refused the thresholds or the arena cap");
        Assert.True(NativeHeap.KeepFreedMemory());
    }
}
