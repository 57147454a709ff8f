using System.Diagnostics;
using System.Text;

namespace StreamAe.IntegrationTests;

/// <summary>The real <c>streamae</c> executable (built next to the tests) run as a child process.</summary>
internal sealed class DaemonProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    public DaemonProcess(params string[] arguments)
        : this(new Dictionary<string, string>(), arguments)
    {
    }

    /// <param name="environment">Variables set for the child on top of the test process's own (e.g. <c>STREAMAE__…</c>).</param>
    public DaemonProcess(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "streamae.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public int Id => _process.Id;

    /// <summary>SIGTERM, as systemd or Docker sends on stop.</summary>
    public void Terminate() => Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line != null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
