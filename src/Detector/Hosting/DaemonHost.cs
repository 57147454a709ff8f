using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using StreamAe.Detector.Configuration;

namespace StreamAe.Detector.Hosting;

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
            // Logging:Console picks the formatter (simple, json or systemd) and its options; unset: journald's priority
            // prefixes under systemd, else one timestamped line a message. Read from this configuration explicitly: a
            // web builder binds console options from its own.
            var console = configuration.GetSection("Logging:Console");
            var formatter = console["FormatterName"] ?? (SystemdHelpers.IsSystemdService() ? ConsoleFormatterNames.Systemd : ConsoleFormatterNames.Simple);
            logging.AddConsole(options => options.FormatterName = formatter);
            services.Configure<SimpleConsoleFormatterOptions>(simple =>
            {
                simple.SingleLine = true;
                simple.TimestampFormat = "HH:mm:ss.fff ";
            });
            services.Configure<SimpleConsoleFormatterOptions>(console.GetSection("FormatterOptions"));
            services.Configure<JsonConsoleFormatterOptions>(console.GetSection("FormatterOptions"));
            services.Configure<ConsoleFormatterOptions>(console.GetSection("FormatterOptions"));
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
