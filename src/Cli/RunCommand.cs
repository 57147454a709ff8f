using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using StreamAe.Contracts;
using StreamAe.Detector.Configuration;
using StreamAe.Detector.Hosting;

namespace StreamAe.Cli;

/// <summary><c>streamae run</c>: the daemon (Generic Host, systemd notify, /healthz, /readyz, /metrics).</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var config = new Option<string?>("--config") { Description = "appsettings.json to read (default: ./appsettings.json when present). STREAMAE_* environment variables and --set override it." };
        var set = new Option<string[]>("--set")
        {
            Description = "Override one setting, e.g. --set Kafka:BootstrapServers=host:9092 (repeatable).",
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command("run", "Run the detector daemon: consume Kafka, score windows, write scores and alerts.") { config, set };
        command.SetAction((parsed, cancellationToken) => RunAsync(parsed.GetValue(config), parsed.GetValue(set) ?? [], cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(string? configFile, IReadOnlyList<string> overrides, CancellationToken cancellationToken,
        Action<IServiceProvider>? started = null)
    {
        IConfigurationRoot configuration;
        try
        {
            configuration = DetectorConfiguration.Build(configFile, overrides);
        }
        catch (Exception e) when (e is FileNotFoundException or FormatException or InvalidDataException)
        {
            Console.Error.WriteLine($"streamae: configuration error: {e.Message}");
            return StreamAeCommandLine.UsageError;
        }
        var (options, errors) = DetectorConfiguration.Load(configuration);
        if (options is null)
        {
            Console.Error.WriteLine($"streamae: the configuration has {errors.Count} problem(s):");
            foreach (var error in errors)
            {
                Console.Error.WriteLine($"  - {error}");
            }
            Console.Error.WriteLine("Settings come from appsettings.json (--config), STREAMAE_Section__Key environment variables and --set Section:Key=Value.");
            return StreamAeCommandLine.UsageError;
        }

        using var host = DaemonHost.Build(options, configuration);
        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Console.Error.WriteLine($"streamae: start-up failed: {e.Message}");
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
            // Unreachable: a restart may find it up. Anything else (credentials, a missing database, a model that does
            // not fit) repeats until the configuration changes.
            return e is DependencyUnavailableException ? StreamAeCommandLine.DependencyUnavailable : StreamAeCommandLine.UsageError;
        }
        started?.Invoke(host.Services);
        await host.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        return Environment.ExitCode;
    }
}
