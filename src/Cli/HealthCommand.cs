using System.CommandLine;
using System.Net;

namespace StreamAe.Cli;

/// <summary><c>streamae health</c>: asks a running daemon's /readyz (or /healthz) and prints its answer, for container
/// health checks and operators (the runtime image has no curl).</summary>
internal static class HealthCommand
{
    public static Command Create()
    {
        var url = new Option<string>("--url") { Description = "The daemon's Http:Urls address.", DefaultValueFactory = _ => "http://127.0.0.1:9400" };
        var live = new Option<bool>("--live") { Description = "Ask /healthz (the process serves) instead of /readyz (it consumes and can write)." };
        var timeout = new Option<double>("--timeout") { Description = "Seconds to wait for the answer.", DefaultValueFactory = _ => 5 };
        var command = new Command("health", "Ask a running daemon whether it is ready (exit 0) or not (exit 1, with the reason); 3 when it does not answer.")
        {
            url, live, timeout,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var endpoint = parsed.GetValue(live) ? "healthz" : "readyz";
            var baseUrl = parsed.GetValue(url)!;
            if (!Uri.TryCreate(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/", UriKind.Absolute, out var address))
            {
                Console.Error.WriteLine($"streamae health: --url '{baseUrl}' is not an absolute URL.");
                return StreamAeCommandLine.UsageError;
            }
            using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(parsed.GetValue(timeout)) };
            try
            {
                using var response = await http.GetAsync(endpoint, cancellationToken);
                var body = (await response.Content.ReadAsStringAsync(cancellationToken)).Trim();
                Console.WriteLine($"{(int)response.StatusCode} {body}");
                return response.StatusCode == HttpStatusCode.OK ? 0 : 1;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                Console.Error.WriteLine($"streamae health: no answer from {new Uri(address, endpoint)} ({e.Message}).");
                return StreamAeCommandLine.DependencyUnavailable;
            }
        });
        return command;
    }
}
