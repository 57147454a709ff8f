using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using StreamAe.Ingest.Parsing;

namespace StreamAe.Tools.Bench;

/// <summary>
/// The paced suite's Kafka cluster and load generator in a child process (<c>streamae bench paced-load</c>), as a
/// broker and producers are in a deployment: the benchmark process then holds only the daemon, so its resident
/// memory, GC and CPU time are the daemon's own. The child prints the bootstrap servers, produces when told
/// <c>go</c>, prints <c>produced</c>, and keeps the cluster up until its standard input closes.
/// </summary>
public sealed class PacedLoadProcess : IDisposable
{
    public const string Go = "go";
    public const string Produced = "produced";
    public const string BootstrapPrefix = "bootstrap ";
    private readonly Process _process;

    private PacedLoadProcess(Process process, string bootstrapServers)
    {
        _process = process;
        BootstrapServers = bootstrapServers;
    }

    public string BootstrapServers { get; }

    public static async Task<PacedLoadProcess> StartAsync(string topic, int partitions, MessageFormat format, double samplesPerSecond,
        TimeSpan duration)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(start.FileName) == "dotnet")
        {
            start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location); // run as `dotnet streamae.dll`
        }
        foreach (var argument in new[]
        {
            "bench", "paced-load", "--topic", topic, "--partitions", partitions.ToString(CultureInfo.InvariantCulture),
            "--format", format.ToString().ToLowerInvariant(),
            "--rate", samplesPerSecond.ToString(CultureInfo.InvariantCulture),
            "--duration", duration.TotalSeconds.ToString(CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        var line = await ReadLineAsync(process, TimeSpan.FromSeconds(30));
        if (line?.StartsWith(BootstrapPrefix, StringComparison.Ordinal) != true)
        {
            process.Kill();
            process.Dispose();
            throw new InvalidOperationException($"the load process did not start its cluster (it said: {line ?? "nothing"})");
        }
        return new PacedLoadProcess(process, line[BootstrapPrefix.Length..]);
    }

    /// <summary>Produces the whole load and returns once the child's producer has flushed.</summary>
    public async Task ProduceAsync(TimeSpan duration)
    {
        await _process.StandardInput.WriteLineAsync(Go);
        await _process.StandardInput.FlushAsync();
        var line = await ReadLineAsync(_process, duration + TimeSpan.FromSeconds(60));
        if (line != Produced)
        {
            throw new InvalidOperationException($"the load process did not finish producing (it said: {line ?? "nothing"})");
        }
    }

    public void Dispose()
    {
        _process.StandardInput.Close(); // the child tears its cluster down and exits
        if (!_process.WaitForExit(TimeSpan.FromSeconds(20)))
        {
            _process.Kill();
        }
        _process.Dispose();
    }

    private static async Task<string?> ReadLineAsync(Process process, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            return await process.StandardOutput.ReadLineAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }
}
