using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StreamAe.Detector.Configuration;
using StreamAe.Detector.Ops;

namespace StreamAe.Detector.Daemon;

/// <summary>The daemon's host, shared by <c>streamae run</c> and <c>streamae demo</c>: the detector service, logging,
/// systemd integration and (when enabled) the operations endpoints.</summary>
public static class DaemonHost
{
    public static IHost Build(DetectorOptions options, IConfiguration configuration, LogLevel minimumLevel = LogLevel.Information)
    {
        void Configure(IServiceCollection services, ILoggingBuilder logging)
        {
            services.AddSingleton(options);
            services.AddSingleton<Readiness>();
            services.AddSingleton<DetectorService>();
            services.AddHostedService(provider => provider.GetRequiredService<DetectorService>());
            services.AddHostedService(_ => new NativeHeapTrimmer(options));
            logging.ClearProviders();
            logging.AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.TimestampFormat = "HH:mm:ss.fff ";
            });
            logging.SetMinimumLevel(minimumLevel);
            // A failed start is reported by the command in one line (a bad setting, an unreachable InfluxDB); the host
            // would log it again with a stack trace. Its critical lines (a background service stopping the host) stay.
            logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
            logging.AddConfiguration(configuration.GetSection("Logging"));
        }

        if (!options.Http.Enabled)
        {
            var plain = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            plain.Services.AddSystemd();
            Configure(plain.Services, plain.Logging);
            return plain.Build();
        }
        var web = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        web.Host.UseSystemd();
        web.WebHost.UseUrls(options.Http.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries));
        Configure(web.Services, web.Logging);
        var app = web.Build();
        OpsEndpoints.Map(app);
        return app;
    }
}
