using System.Diagnostics;

namespace StreamAe.Detector.Tests.Report;

/// <summary>Debian's <c>chromium</c> (installed by ./test.sh) rendering a local page: its DOM after parsing, and a
/// screenshot.</summary>
internal static class HeadlessChromium
{
    private static string Binary => Environment.GetEnvironmentVariable("STREAMAE_CHROMIUM") ?? "/usr/bin/chromium";

    public static string DumpDom(string page) => Run(page, "--dump-dom");

    public static void Screenshot(string page, string png, int width, int height) =>
        Run(page, $"--screenshot={png}", $"--window-size={width},{height}", "--hide-scrollbars");

    private static string Run(string page, params string[] arguments)
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"{Binary} is missing: the report tests render in headless Chromium; install the Debian package 'chromium' (./test.sh does).");
        }
        var start = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var profile = Directory.CreateTempSubdirectory("streamae-chromium-").FullName;
        // --no-sandbox: tests may run as root, where Chromium's sandbox refuses to start.
        foreach (var argument in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", $"--user-data-dir={profile}" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }
        start.ArgumentList.Add(new Uri(page).AbsoluteUri);
        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("chromium did not finish within 60 s");
            }
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"chromium exited with {process.ExitCode}: {errors.Result}");
            }
            return output.Result;
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }
    }
}
