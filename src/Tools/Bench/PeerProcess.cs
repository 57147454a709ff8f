using System.Diagnostics;

namespace StreamAe.Tools.Bench;

/// <summary>One of the Python peer's scripts as a child process (Debian's python3, run from the peer's folder), its
/// output kept in a log file; stopped by its own PID when disposed.</summary>
internal sealed class PeerProcess : IDisposable
{
    private const string Python = "/usr/bin/python3";
    private readonly Process _process;

    private PeerProcess(Process process) => _process = process;

    /// <summary>The peer's own settings for its native libraries (one BLAS thread, passive OpenMP waits, no heap trimming).</summary>
    private static readonly Dictionary<string, string> PeerEnvironment = new()
    {
        ["OPENBLAS_NUM_THREADS"] = "1",
        ["OMP_WAIT_POLICY"] = "PASSIVE",
        ["MALLOC_MMAP_THRESHOLD_"] = "1073741824",
        ["MALLOC_TRIM_THRESHOLD_"] = "1073741824",
    };

    public static PeerProcess Start(string peerDir, string work, string log, params string[] arguments)
    {
        var start = new ProcessStartInfo(Python)
        {
            WorkingDirectory = peerDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        start.ArgumentList.Add(Path.Combine(peerDir, arguments[0]));
        foreach (var argument in arguments.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["TMPDIR"] = work; // the peer keeps its model there
        foreach (var (key, value) in PeerEnvironment)
        {
            start.Environment[key] = value;
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{Python} did not start");
        var writer = new StreamWriter(log, append: true) { AutoFlush = true };
        var gate = new Lock();
        void Append(string? line)
        {
            if (line is not null)
            {
                lock (gate)
                {
                    writer.WriteLine(line);
                }
            }
        }
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Exited += (_, _) => writer.Dispose();
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new PeerProcess(process);
    }

    /// <summary>Runs a script to its end; throws naming the log when it fails or overruns.</summary>
    public static async Task RunAsync(string peerDir, string work, string log, TimeSpan timeout, params string[] arguments)
    {
        using var peer = Start(peerDir, work, log, arguments);
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await peer._process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{arguments[0]} {arguments.ElementAtOrDefault(1)} ran over {timeout}; see {log}");
        }
        if (peer._process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{arguments[0]} {arguments.ElementAtOrDefault(1)} exited with {peer._process.ExitCode}; see {log}");
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(TimeSpan.FromSeconds(10));
        }
        _process.Dispose();
    }
}
