using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace StreamAe.TestSupport.Influx;

/// <summary>
/// A private InfluxDB 1.x (<c>/usr/bin/influxd</c>, Debian package <c>influxdb</c>) on free loopback ports with its
/// data in a temporary directory. It can be stopped and started again on the same port and data (outage tests) and
/// is killed by PID when disposed. A missing influxd is a test failure, never a skip.
/// </summary>
public sealed class InfluxFixture : IDisposable
{
    public const string DefaultBinary = "/usr/bin/influxd";

    private readonly string _binary;
    private readonly string _root;
    private readonly string _configPath;
    private readonly StringBuilder _log = new();
    private readonly bool _authenticated;
    private Process? _process;

    public InfluxFixture() : this(Environment.GetEnvironmentVariable("STREAMAE_INFLUXD") ?? DefaultBinary)
    {
    }

    /// <summary>Starts a fixture outside xunit's class fixtures (benchmarks, a second server in one test).</summary>
    public static InfluxFixture StartNew(string binary = DefaultBinary, string database = "streamae_test") =>
        new(binary, database);

    /// <summary>
    /// Starts a server that requires authentication: <paramref name="adminUser"/> is its one user (an admin), and the
    /// fixture's own queries use it. A client with other credentials, or none, gets 401.
    /// </summary>
    public static InfluxFixture StartWithAuthentication(string adminUser, string adminPassword, string database = "streamae_test") =>
        new(Environment.GetEnvironmentVariable("STREAMAE_INFLUXD") ?? DefaultBinary, database, new(adminUser, adminPassword));

    private InfluxFixture(string binary, string database = "streamae_test", NetworkCredential? admin = null)
    {
        _binary = binary;
        if (!File.Exists(_binary))
        {
            throw new InvalidOperationException(
                $"InfluxDB is required for these tests but '{_binary}' does not exist. Install the Debian package " +
                "'influxdb' (1.6, provides /usr/bin/influxd) or set STREAMAE_INFLUXD to the influxd binary.");
        }
        Database = database;
        _authenticated = admin is not null;
        _root = Directory.CreateTempSubdirectory("streamae-influx-").FullName;
        _configPath = Path.Combine(_root, "influxdb.conf");
        // Another process may grab a free port before influxd binds it; then try fresh ports.
        for (var attempt = 1; ; attempt++)
        {
            HttpPort = FreeLoopbackPort();
            RpcPort = FreeLoopbackPort();
            File.WriteAllText(_configPath, BuildConfig());
            try
            {
                Start();
                break;
            }
            catch (InvalidOperationException) when (attempt < 3 && Log.Contains("address already in use", StringComparison.Ordinal))
            {
                Stop();
            }
        }
        Http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(30) };
        if (admin is not null)
        {
            // With authentication on and no user yet, InfluxDB 1.x accepts exactly this statement unauthenticated.
            Query($"CREATE USER \"{admin.UserName}\" WITH PASSWORD '{admin.Password}' WITH ALL PRIVILEGES");
            Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{admin.UserName}:{admin.Password}")));
        }
        Query($"CREATE DATABASE \"{Database}\"");
    }

    public string Database { get; }

    public int HttpPort { get; private set; }

    public int RpcPort { get; private set; }

    public Uri Url => new($"http://127.0.0.1:{HttpPort}/");

    public bool IsRunning => _process is { HasExited: false };

    private HttpClient Http { get; }

    /// <summary>Starts influxd (again) on the same ports and data, and waits until /ping answers.</summary>
    public void Start()
    {
        if (IsRunning)
        {
            return;
        }
        var start = new ProcessStartInfo(_binary, ["-config", _configPath])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {_binary}.");
        process.OutputDataReceived += (_, e) => AppendLog(e.Data);
        process.ErrorDataReceived += (_, e) => AppendLog(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        WaitForPing(TimeSpan.FromSeconds(30));
    }

    /// <summary>Stops influxd gracefully (SIGTERM, then SIGKILL after 10 s); data stays for <see cref="Start"/>.</summary>
    public void Stop()
    {
        var process = _process;
        if (process is null)
        {
            return;
        }
        _process = null;
        if (!process.HasExited)
        {
            SendSigTerm(process.Id);
            if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }
        }
        process.Dispose();
    }

    /// <summary>Runs an InfluxQL statement (GET for reads, POST for the rest) and returns the parsed response.</summary>
    public JsonDocument Query(string influxQl, string? database = null) =>
        QueryAsync(influxQl, database).GetAwaiter().GetResult();

    public async Task<JsonDocument> QueryAsync(string influxQl, string? database = null, CancellationToken ct = default)
    {
        var isRead = influxQl.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase)
            || influxQl.TrimStart().StartsWith("SHOW", StringComparison.OrdinalIgnoreCase);
        var uri = $"query?db={Uri.EscapeDataString(database ?? Database)}&epoch=ms&q={Uri.EscapeDataString(influxQl)}";
        using var request = new HttpRequestMessage(isRead ? HttpMethod.Get : HttpMethod.Post, uri);
        using var response = await Http.SendAsync(request, ct).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"InfluxDB query '{influxQl}' failed: {(int)response.StatusCode} {body}");
        }
        var document = JsonDocument.Parse(body);
        foreach (var result in document.RootElement.GetProperty("results").EnumerateArray())
        {
            if (result.TryGetProperty("error", out var error))
            {
                document.Dispose();
                throw new InvalidOperationException($"InfluxDB query '{influxQl}' failed: {error.GetString()}");
            }
        }
        return document;
    }

    /// <summary>
    /// The rows of the first statement's series as column → value maps (tags and fields together; time in epoch ms).
    /// </summary>
    public async Task<IReadOnlyList<InfluxRow>> QueryRowsAsync(string influxQl, CancellationToken ct = default)
    {
        using var document = await QueryAsync(influxQl, ct: ct).ConfigureAwait(false);
        var rows = new List<InfluxRow>();
        var result = document.RootElement.GetProperty("results")[0];
        if (!result.TryGetProperty("series", out var series))
        {
            return rows;
        }
        foreach (var serie in series.EnumerateArray())
        {
            var columns = serie.GetProperty("columns").EnumerateArray().Select(c => c.GetString()!).ToArray();
            var tags = serie.TryGetProperty("tags", out var t)
                ? t.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone())
                : [];
            foreach (var values in serie.GetProperty("values").EnumerateArray())
            {
                var row = new Dictionary<string, JsonElement>(tags);
                var i = 0;
                foreach (var value in values.EnumerateArray())
                {
                    row[columns[i++]] = value.Clone();
                }
                rows.Add(new InfluxRow(row));
            }
        }
        return rows;
    }

    /// <summary>What influxd printed, for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public void Dispose()
    {
        if (_process is { } process)
        {
            _process = null;
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }
            process.Dispose();
        }
        Http.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the temp directory is cleaned by the OS eventually.
        }
    }

    private string BuildConfig() => string.Create(CultureInfo.InvariantCulture, $"""
        reporting-disabled = true
        bind-address = "127.0.0.1:{RpcPort}"

        [meta]
          dir = "{_root}/meta"
          logging-enabled = false

        [data]
          dir = "{_root}/data"
          wal-dir = "{_root}/wal"
          query-log-enabled = false
          trace-logging-enabled = false
          # Tests may write more distinct series ids than the default limit of 100 000 values a tag.
          max-values-per-tag = 0

        [coordinator]
          log-queries-after = "0s"

        [monitor]
          store-enabled = false

        [http]
          enabled = true
          bind-address = "127.0.0.1:{HttpPort}"
          auth-enabled = {(_authenticated ? "true" : "false")}
          log-enabled = false
          write-tracing = false
          pprof-enabled = false

        [logging]
          level = "error"
          suppress-logo = true

        [continuous_queries]
          enabled = false
          log-enabled = false
        """);

    private void WaitForPing(TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        using var ping = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(2) };
        while (deadline.Elapsed < timeout)
        {
            if (_process is null || _process.HasExited)
            {
                throw new InvalidOperationException($"influxd exited during start-up. Its output:\n{Log}");
            }
            try
            {
                using var response = ping.GetAsync("ping").GetAwaiter().GetResult();
                if (response.StatusCode == HttpStatusCode.NoContent)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Slow to answer; try again.
            }
            Thread.Sleep(50);
        }
        throw new InvalidOperationException($"influxd did not answer /ping within {timeout.TotalSeconds} s. Its output:\n{Log}");
    }

    private void AppendLog(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void SendSigTerm(int pid)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", pid.ToString(CultureInfo.InvariantCulture)])
        {
            UseShellExecute = false,
        });
        kill?.WaitForExit();
    }
}

/// <summary>One row of a query result: tags and fields by name.</summary>
public sealed class InfluxRow(IReadOnlyDictionary<string, JsonElement> values)
{
    public IReadOnlyDictionary<string, JsonElement> Values { get; } = values;

    public long Time => Values["time"].GetInt64();

    public string Tag(string name) => Values[name].GetString()!;

    public double Double(string name) => Values[name].GetDouble();

    public long Int64(string name) => Values[name].GetInt64();

    public bool Bool(string name) => Values[name].GetBoolean();

    public bool Has(string name) => Values.TryGetValue(name, out var v) && v.ValueKind != JsonValueKind.Null;
}
