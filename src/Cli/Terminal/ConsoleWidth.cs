using System.Globalization;
using Spectre.Console;

namespace StreamAe.Cli.Terminal;

/// <summary>
/// The width tables are laid out for. On a terminal Spectre.Console reads it (and narrows tables to it); written to a
/// file or a pipe it would assume 80 columns and wrap every long cell, so there the width is $COLUMNS when set, else wide
/// enough for a path per cell.
/// </summary>
internal static class ConsoleWidth
{
    private const int Redirected = 200;

    public static void Apply()
    {
        if (!Console.IsOutputRedirected)
        {
            return;
        }
        AnsiConsole.Profile.Width = int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), NumberStyles.None, CultureInfo.InvariantCulture, out var columns) && columns > 0
            ? columns
            : Redirected;
    }
}
