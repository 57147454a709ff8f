using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using StreamAe.Contracts;
using StreamAe.Sink.Points;

namespace StreamAe.Sink.Influx;

/// <summary>
/// The HTTP side of InfluxDB: builds v1/v2 write requests (path, query, authentication, gzip), sends them over a
/// keep-alive HTTP/1.1 connection pool, and runs the start-up check (ping, database/bucket exists or is created).
/// </summary>
internal sealed class InfluxHttpApi : IDisposable
{
    /// <summary>Bodies smaller than this go uncompressed: a live write of a few points would save a few hundred bytes
    /// and pay for a compressor (about 40 µs a write in a profile of a live run), while a backlog's batches of
    /// thousands of points shrink several-fold.</summary>
    public const int GzipMinBytes = 1024;

    private readonly InfluxOptions _options;
    private readonly HttpClient _http;
    private readonly Uri _writeUri;

    public InfluxHttpApi(InfluxOptions options, HttpMessageHandler? handler = null)
    {
        _options = options;
        var baseUri = new Uri(options.Url.EndsWith('/') ? options.Url : options.Url + "/");
        _http = new HttpClient(handler ?? CreateHandler(options))
        {
            BaseAddress = baseUri,
            Timeout = TimeSpan.FromMilliseconds(options.RequestTimeoutMs),
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        _writeUri = new Uri(baseUri, WritePathAndQuery());
    }

    /// <summary>Keep-alive HTTP/1.1 pool; with <see cref="InfluxOptions.CaCertificatePath"/>, server certificates must
    /// chain to that CA alone (the system's roots are not consulted).</summary>
    internal static SocketsHttpHandler CreateHandler(InfluxOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            ConnectTimeout = TimeSpan.FromMilliseconds(Math.Min(options.RequestTimeoutMs, 5000)),
            MaxConnectionsPerServer = options.MaxInFlightBatches + 1,
            AutomaticDecompression = DecompressionMethods.None,
        };
        if (options.CaCertificatePath.Length > 0)
        {
            var authority = X509CertificateLoader.LoadCertificateFromFile(options.CaCertificatePath);
            handler.SslOptions.CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                CustomTrustStore = { authority },
                RevocationMode = X509RevocationMode.NoCheck,
            };
        }
        return handler;
    }

    public Uri WriteUri => _writeUri;

    /// <summary>Sends line protocol and classifies the result; never throws for HTTP or network failures.</summary>
    public async Task<WriteOutcome> WriteAsync(ReadOnlyMemory<byte> lines, int points, CancellationToken ct)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, _writeUri);
            Authenticate(request);
            request.Content = _options.Gzip && lines.Length >= GzipMinBytes ? Gzip(lines) : new ReadOnlyMemoryContent(lines);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" };
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
            var body = response.IsSuccessStatusCode ? "" : await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            return InfluxResponseClassifier.Classify(response.StatusCode, RetryAfter(response), body, points);
        }
        catch (Exception e) when (!ct.IsCancellationRequested && e is HttpRequestException or IOException or TaskCanceledException or TimeoutException)
        {
            return InfluxResponseClassifier.Classify(e);
        }
    }

    /// <summary>
    /// Fails fast with a clear message when InfluxDB refuses our credentials (401/403) or the database/bucket does
    /// not exist (404), creating it first when <see cref="InfluxOptions.CreateIfMissing"/> is set. Waits up to
    /// <see cref="InfluxOptions.StartupTimeoutMs"/> for the server to answer /ping.
    /// </summary>
    public async Task StartupCheckAsync(CancellationToken ct)
    {
        await WaitForPingAsync(ct).ConfigureAwait(false);
        if (_options.CreateIfMissing)
        {
            await CreateTargetAsync(ct).ConfigureAwait(false);
        }
        // An empty write exercises exactly what writing needs: authentication and the target's existence.
        using var request = new HttpRequestMessage(HttpMethod.Post, _writeUri) { Content = new ByteArrayContent([]) };
        Authenticate(request);
        using var response = await _http.SendAsync(request, ct).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        if (status is 401 or 403 or 404)
        {
            var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            throw new InvalidOperationException(StartupFailure(status, body));
        }
    }

    public void Dispose() => _http.Dispose();

    private string WritePathAndQuery()
    {
        var precision = _options.ApiVersion == InfluxApiVersion.V1
            ? _options.Precision.V1QueryValue()
            : _options.Precision.V2QueryValue();
        var query = new StringBuilder();
        if (_options.ApiVersion == InfluxApiVersion.V1)
        {
            query.Append("write?db=").Append(Uri.EscapeDataString(_options.Database));
            if (_options.RetentionPolicy.Length > 0)
            {
                query.Append("&rp=").Append(Uri.EscapeDataString(_options.RetentionPolicy));
            }
            if (_options.CredentialsInQuery && _options.Username.Length > 0)
            {
                query.Append("&u=").Append(Uri.EscapeDataString(_options.Username))
                    .Append("&p=").Append(Uri.EscapeDataString(_options.Password));
            }
        }
        else
        {
            query.Append("api/v2/write?");
            if (_options.Org.Length > 0)
            {
                query.Append("org=").Append(Uri.EscapeDataString(_options.Org)).Append('&');
            }
            query.Append("bucket=").Append(Uri.EscapeDataString(_options.Bucket));
        }
        return query.Append("&precision=").Append(precision).ToString();
    }

    private void Authenticate(HttpRequestMessage request)
    {
        if (_options.ApiVersion == InfluxApiVersion.V2)
        {
            if (_options.Token.Length > 0)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Token", _options.Token);
            }
        }
        else if (_options.Username.Length > 0 && !_options.CredentialsInQuery)
        {
            var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_options.Username}:{_options.Password}"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", credentials);
        }
    }

    private static ByteArrayContent Gzip(ReadOnlyMemory<byte> lines)
    {
        var compressed = new MemoryStream(lines.Length / 4 + 64);
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(lines.Span);
        }
        var content = new ByteArrayContent(compressed.GetBuffer(), 0, (int)compressed.Length);
        content.Headers.ContentEncoding.Add("gzip");
        return content;
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }
        if (header?.Date is { } date)
        {
            var wait = date - DateTimeOffset.UtcNow;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
        return null;
    }

    private async Task WaitForPingAsync(CancellationToken ct)
    {
        var elapsed = Stopwatch.StartNew();
        while (true)
        {
            string failure;
            try
            {
                using var response = await _http.GetAsync("ping", ct).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    CheckServerVersion(response);
                    return;
                }
                failure = $"HTTP {(int)response.StatusCode}";
                if ((int)response.StatusCode is 401 or 403)
                {
                    throw new InvalidOperationException(StartupFailure((int)response.StatusCode, ""));
                }
            }
            catch (Exception e) when (!ct.IsCancellationRequested && e is HttpRequestException or TaskCanceledException)
            {
                failure = e.Message;
            }
            if (elapsed.ElapsedMilliseconds >= _options.StartupTimeoutMs)
            {
                throw new DependencyUnavailableException(
                    $"InfluxDB at {_options.Url} did not answer /ping within {_options.StartupTimeoutMs} ms " +
                    $"({InfluxOptions.Section}:StartupTimeoutMs): {failure}");
            }
            await Task.Delay(200, ct).ConfigureAwait(false);
        }
    }

    /// <summary>The version the server stated in its /ping answer; null before the start-up check or when it did not say.</summary>
    public InfluxServerVersion? ServerVersion { get; private set; }

    private void CheckServerVersion(HttpResponseMessage ping)
    {
        ServerVersion = InfluxServerVersion.Parse(ping.Headers.TryGetValues("X-Influxdb-Version", out var values) ? values.FirstOrDefault() : null);
        if (ServerVersion?.Mismatch(_options.ApiVersion, _options.Url) is { } mismatch)
        {
            throw new InvalidOperationException(mismatch);
        }
    }

    private async Task CreateTargetAsync(CancellationToken ct)
    {
        if (_options.ApiVersion == InfluxApiVersion.V1)
        {
            var statement = $"CREATE DATABASE \"{_options.Database.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"";
            using var request = new HttpRequestMessage(HttpMethod.Post, "query")
            {
                Content = new FormUrlEncodedContent([new("q", statement)]),
            };
            Authenticate(request);
            if (_options.CredentialsInQuery && _options.Username.Length > 0)
            {
                request.RequestUri = new Uri($"query?u={Uri.EscapeDataString(_options.Username)}&p={Uri.EscapeDataString(_options.Password)}", UriKind.Relative);
            }
            await EnsureSuccessAsync(request, "create the database", ct).ConfigureAwait(false);
            return;
        }
        var orgId = await FindOrgIdAsync(ct).ConfigureAwait(false);
        using var find = new HttpRequestMessage(HttpMethod.Get,
            $"api/v2/buckets?orgID={Uri.EscapeDataString(orgId)}&name={Uri.EscapeDataString(_options.Bucket)}");
        Authenticate(find);
        using (var found = await EnsureSuccessAsync(find, "look up the bucket", ct).ConfigureAwait(false))
        {
            if (found.RootElement.TryGetProperty("buckets", out var buckets) && buckets.GetArrayLength() > 0)
            {
                return;
            }
        }
        using var create = new HttpRequestMessage(HttpMethod.Post, "api/v2/buckets")
        {
            Content = JsonContent(new Dictionary<string, object> { ["orgID"] = orgId, ["name"] = _options.Bucket, ["retentionRules"] = Array.Empty<object>() }),
        };
        Authenticate(create);
        (await EnsureSuccessAsync(create, "create the bucket", ct).ConfigureAwait(false)).Dispose();
    }

    private async Task<string> FindOrgIdAsync(CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/v2/orgs?org={Uri.EscapeDataString(_options.Org)}");
        Authenticate(request);
        using var orgs = await EnsureSuccessAsync(request, "look up the organisation", ct).ConfigureAwait(false);
        if (orgs.RootElement.TryGetProperty("orgs", out var list) && list.GetArrayLength() > 0)
        {
            return list[0].GetProperty("id").GetString()!;
        }
        throw new InvalidOperationException(
            $"InfluxDB at {_options.Url} has no organisation '{_options.Org}' ({InfluxOptions.Section}:Org).");
    }

    private async Task<JsonDocument> EnsureSuccessAsync(HttpRequestMessage request, string what, CancellationToken ct)
    {
        using var response = await _http.SendAsync(request, ct).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"Could not {what} on InfluxDB at {_options.Url}: {StartupFailure((int)response.StatusCode, body)}");
        }
        var document = JsonDocument.Parse(body.Length == 0 ? "{}" : body);
        if (document.RootElement.TryGetProperty("results", out var results)
            && results.EnumerateArray().FirstOrDefault().TryGetProperty("error", out var error))
        {
            document.Dispose();
            throw new InvalidOperationException($"Could not {what} on InfluxDB at {_options.Url}: {error.GetString()}");
        }
        return document;
    }

    private static StringContent JsonContent(object value) =>
        new(JsonSerializer.Serialize(value), Encoding.UTF8, "application/json");

    private string StartupFailure(int status, string body)
    {
        var target = _options.ApiVersion == InfluxApiVersion.V1
            ? $"database '{_options.Database}' ({InfluxOptions.Section}:Database)"
            : $"bucket '{_options.Bucket}' ({InfluxOptions.Section}:Bucket, Org '{_options.Org}')";
        var credentials = _options.ApiVersion == InfluxApiVersion.V1
            ? $"{InfluxOptions.Section}:Username/Password"
            : $"{InfluxOptions.Section}:Token";
        var reason = status switch
        {
            401 => $"InfluxDB at {_options.Url} rejected the credentials (401 Unauthorized); check {credentials}.",
            403 => $"InfluxDB at {_options.Url} denied access (403 Forbidden) to the {target}; check {credentials} and its permissions.",
            404 => $"InfluxDB at {_options.Url} has no {target} (404); create it or set {InfluxOptions.Section}:CreateIfMissing=true.",
            _ => $"InfluxDB at {_options.Url} answered {status}.",
        };
        var withBody = body.Length > 0 ? $"{reason} Server said: {body.Trim()}" : reason;
        return ServerVersion?.Hint(_options.ApiVersion) is { } hint && status is 401 or 403 or 404 ? $"{withBody} {hint}" : withBody;
    }
}
