using System.Diagnostics;
using System.Globalization;

namespace StreamAe.IntegrationTests.Reliability;

/// <summary>
/// The OS view of a <see cref="DaemonProcess"/>: found by a command-line argument only it carries, so a test can
/// SIGKILL it at an arbitrary point and sample its resident memory.
/// </summary>
internal sealed class DaemonProbe
{
    private readonly int _pid;
    private long _peakBytes;

    private DaemonProbe(int pid) => _pid = pid;

    public long PeakBytes => Interlocked.Read(ref _peakBytes);

    public static async Task<DaemonProbe> FindAsync(string uniqueArgument)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            foreach (var directory in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                {
                    continue;
                }
                try
                {
                    var arguments = File.ReadAllText(Path.Combine(directory, "cmdline")).Split('\0');
                    if (arguments.Contains(uniqueArgument) && arguments.Any(a => a.EndsWith("streamae.dll", StringComparison.Ordinal)))
                    {
                        return new DaemonProbe(pid);
                    }
                }
                catch (IOException)
                {
                    // The process ended while we looked.
                }
                catch (UnauthorizedAccessException)
                {
                    // Not ours.
                }
            }
            await Task.Delay(50);
        }
        throw new InvalidOperationException($"no streamae process with argument '{uniqueArgument}'");
    }

    /// <summary>SIGKILL: no drain, no final commit, as after a power cut or the OOM killer.</summary>
    public void Kill()
    {
        using var process = Process.GetProcessById(_pid);
        process.Kill();
        process.WaitForExit();
    }

    /// <summary>Resident set size now (0 once the process is gone); also raises <see cref="PeakBytes"/>.</summary>
    public long SampleResidentBytes()
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{_pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    var kib = long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                    var bytes = kib * 1024;
                    long peak;
                    do
                    {
                        peak = Interlocked.Read(ref _peakBytes);
                    }
                    while (bytes > peak && Interlocked.CompareExchange(ref _peakBytes, bytes, peak) != peak);
                    return bytes;
                }
            }
        }
        catch (IOException)
        {
            // Gone.
        }
        return 0;
    }

    public static string Mib(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("0", CultureInfo.InvariantCulture) + " MiB";
}
