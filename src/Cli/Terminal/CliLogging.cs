using Microsoft.Extensions.Logging;

namespace StreamAe.Cli.Terminal;

/// <summary>Logging for the one-shot commands: warnings and errors on stderr, one line each.</summary>
internal static class CliLogging
{
    public static ILoggerFactory Create() => LoggerFactory.Create(logging => logging
        .SetMinimumLevel(LogLevel.Warning)
        .AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss ";
        }));
}
