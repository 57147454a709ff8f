using System.Diagnostics;

namespace StreamAe.Detector.Tests.Deployment;

/// <summary>Runs a command-line tool to completion (bounded) and returns its exit code, standard output and standard error.</summary>
internal static class ExternalTool
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(1);

    public static (int ExitCode, string Output, string Errors) Run(string fileName, IEnumerable<string> arguments, string workingDirectory)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)
            ?? throw new InvalidOperationException($"{fileName} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} ran longer than {Limit}");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
