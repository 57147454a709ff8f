using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Prometheus;

namespace StreamAe.Detector.Hosting;

/// <summary>/healthz (the process serves), /readyz (pipelines are up) and /metrics (Prometheus).</summary>
internal static class OpsEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/healthz", () => Results.Text("ok\n"));
        app.MapGet("/readyz", (Readiness readiness) =>
        {
            var (ready, waiting) = readiness.Snapshot();
            return ready
                ? Results.Text("ready\n")
                : Results.Json(new { ready = false, waiting }, statusCode: StatusCodes.Status503ServiceUnavailable);
        });
        PrometheusMeterBridge.EnsureStarted();
        app.MapMetrics("/metrics");
    }
}
