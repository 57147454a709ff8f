using System.Diagnostics;
using Xunit;

namespace StreamAe.TestSupport.Time;

/// <summary>Waits, in real time, for something the code under test does on its own threads: a test waits for the
/// event instead of sleeping a guessed while.</summary>
public static class Eventually
{
    public static async Task Until(Func<bool> condition, string what = "the awaited condition", int timeoutSeconds = 10)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(timeoutSeconds), $"{what}: not within {timeoutSeconds} s");
            await Task.Delay(1);
        }
    }
}
