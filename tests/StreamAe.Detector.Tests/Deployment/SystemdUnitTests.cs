using System.Globalization;
using System.Runtime.Versioning;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace StreamAe.Detector.Tests.Deployment;

public sealed class SystemdUnitTests
{
    private const string UnitPath = "deploy/streamae.service";
    private const string ExampleSettingsPath = "deploy/appsettings.json";

    private readonly SystemdUnit _unit = SystemdUnit.Parse(RepositoryFiles.Read(UnitPath));

    [Theory]
    [InlineData("Type", "notify")]
    [InlineData("Restart", "on-failure")]
    [InlineData("RestartPreventExitStatus", "2")]
    [InlineData("ExecStart", "/opt/streamae/streamae run --config /etc/streamae/appsettings.json")]
    [InlineData("ProtectSystem", "strict")]
    [InlineData("ProtectHome", "yes")]
    [InlineData("NoNewPrivileges", "yes")]
    [InlineData("PrivateTmp", "yes")]
    [InlineData("StateDirectory", "streamae")]
    [InlineData("ConfigurationDirectory", "streamae")]
    [InlineData("WorkingDirectory", "/var/lib/streamae")]
    public void Service_sets(string directive, string expected)
    {
        Assert.Equal(expected, _unit.Value("Service", directive));
    }

    [Fact]
    public void Service_runs_as_an_unprivileged_user()
    {
        var user = _unit.Value("Service", "User");

        Assert.True(_unit.Value("Service", "DynamicUser") == "yes" || (user is not null && user != "root" && user != "0"),
            "neither DynamicUser=yes nor a dedicated User=");
        Assert.Equal("", _unit.Value("Service", "CapabilityBoundingSet"));
    }

    [Fact]
    public void Stop_and_start_timeouts_are_bounded()
    {
        var stop = Seconds(_unit.Value("Service", "TimeoutStopSec"));
        var start = Seconds(_unit.Value("Service", "TimeoutStartSec"));

        Assert.InRange(stop, 10, 120);
        Assert.InRange(start, 10, 300);
    }

    [Fact]
    public void Jit_is_not_forbidden()
    {
        // The .NET JIT maps memory writable and executable; MemoryDenyWriteExecute=yes would crash the daemon at start.
        Assert.NotEqual("yes", _unit.Value("Service", "MemoryDenyWriteExecute"));
    }

    [Fact]
    public void Binary_and_models_are_read_only_for_the_daemon()
    {
        var readOnly = _unit.Values("Service", "ReadOnlyPaths").SelectMany(value => value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        var modelPaths = StringValues(JsonDocument.Parse(RepositoryFiles.Read(ExampleSettingsPath)).RootElement)
            .Where(value => value.EndsWith(".model", StringComparison.Ordinal))
            .ToList();

        Assert.Contains(readOnly, path => "/opt/streamae/streamae".StartsWith(path.TrimEnd('/') + "/", StringComparison.Ordinal));
        Assert.NotEmpty(modelPaths);
        Assert.All(modelPaths, model => Assert.Contains(readOnly, path => model.StartsWith(path.TrimEnd('/') + "/", StringComparison.Ordinal)));
    }

    [Fact]
    [SupportedOSPlatform("linux")]
    public void Systemd_accepts_the_unit()
    {
        // verify also checks that ExecStart's binary exists: point it at a stand-in, keep every other directive.
        var scratch = Directory.CreateTempSubdirectory("streamae-unit-");
        try
        {
            var standIn = Path.Combine(scratch.FullName, "streamae");
            File.WriteAllText(standIn, "#!/bin/sh\nexit 0\n");
            File.SetUnixFileMode(standIn, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var unitCopy = Path.Combine(scratch.FullName, "streamae.service");
            File.WriteAllText(unitCopy, RepositoryFiles.Read(UnitPath).Replace("ExecStart=/opt/streamae/streamae ", $"ExecStart={standIn} ", StringComparison.Ordinal));

            var verify = ExternalTool.Run("systemd-analyze", ["verify", unitCopy], scratch.FullName);
            var security = ExternalTool.Run("systemd-analyze", ["security", "--offline=true", "--no-pager", unitCopy], scratch.FullName);

            Assert.True(verify.ExitCode == 0, verify.Output + verify.Errors);
            var exposure = Regex.Match(security.Output + security.Errors, @"Overall exposure level for streamae\.service: ([0-9.]+)");
            Assert.True(exposure.Success, security.Output + security.Errors);
            Assert.InRange(double.Parse(exposure.Groups[1].Value, CultureInfo.InvariantCulture), 0.0, 2.0);
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    private static double Seconds(string? timespan)
    {
        Assert.NotNull(timespan);
        var match = Regex.Match(timespan, @"^(\d+)(s|min)?$");
        Assert.True(match.Success, $"'{timespan}' is not a bounded time span");
        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value == "min" ? value * 60 : value;
    }

    private static IEnumerable<string> StringValues(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Object => element.EnumerateObject().SelectMany(property => StringValues(property.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(StringValues),
        _ => [],
    };
}
