using StreamAe.Contracts;
using StreamAe.Sink.Points;

namespace StreamAe.Sink.Influx;

public enum InfluxApiVersion
{
    /// <summary>InfluxDB 1.x: <c>/write?db=&amp;rp=</c>, basic or u/p authentication.</summary>
    V1,

    /// <summary>InfluxDB 2.x and 3.x (v2-compatible endpoint): <c>/api/v2/write?org=&amp;bucket=</c>, token.</summary>
    V2,
}

/// <summary>Where and how scores and alerts are written to InfluxDB (configuration section <c>Sink:Influx</c>).</summary>
public sealed class InfluxOptions : IValidatableOptions
{
    public const string Section = "Sink:Influx";

    /// <summary>Base URL, e.g. <c>http://127.0.0.1:8086</c>. Empty = no InfluxDB output.</summary>
    public string Url { get; set; } = "";

    public InfluxApiVersion ApiVersion { get; set; } = InfluxApiVersion.V1;

    /// <summary>v1 database.</summary>
    public string Database { get; set; } = "streamae";

    /// <summary>v1 retention policy; empty = the database's default.</summary>
    public string RetentionPolicy { get; set; } = "";

    /// <summary>v1 user; empty = no authentication.</summary>
    public string Username { get; set; } = "";

    public string Password { get; set; } = "";

    /// <summary>v1: send credentials as <c>u=</c>/<c>p=</c> query parameters instead of a basic auth header.</summary>
    public bool CredentialsInQuery { get; set; }

    /// <summary>v2 organisation (name); InfluxDB 3 ignores it.</summary>
    public string Org { get; set; } = "";

    /// <summary>v2 bucket.</summary>
    public string Bucket { get; set; } = "streamae";

    /// <summary>v2 API token (<c>Authorization: Token …</c>).</summary>
    public string Token { get; set; } = "";

    /// <summary>PEM file of the CA that signed an https InfluxDB's certificate (a private CA); empty trusts the system's roots.</summary>
    public string CaCertificatePath { get; set; } = "";

    /// <summary>Create the database (v1) or bucket (v2) at start-up when it does not exist.</summary>
    public bool CreateIfMissing { get; set; }

    public TimestampPrecision Precision { get; set; } = TimestampPrecision.Milliseconds;

    /// <summary>Points a batch holds before it is sent.</summary>
    public int BatchSize { get; set; } = 5000;

    /// <summary>The longest a point waits in an unfilled batch while every writer is busy.</summary>
    public int MaxDelayMs { get; set; } = 1000;

    /// <summary>The longest a point waits in an unfilled batch while its windows come from a backlog (Kafka:BacklogMessages):
    /// more is already on its way, so the batch fills towards BatchSize; InfluxDB spends far less per point on large writes.</summary>
    public int BacklogMaxDelayMs { get; set; } = 1000;

    /// <summary>A free writer sends what is waiting at once rather than let it linger up to MaxDelayMs: lowest
    /// latency under light load; under load the writers are busy, so batches still fill.</summary>
    public bool SendWhenIdle { get; set; } = true;

    /// <summary>Compress request bodies of <see cref="InfluxHttpApi.GzipMinBytes"/> or more.</summary>
    public bool Gzip { get; set; } = true;

    /// <summary>Batches sent concurrently; further full batches make writers wait (backpressure).</summary>
    public int MaxInFlightBatches { get; set; } = 4;

    public int RequestTimeoutMs { get; set; } = 10_000;

    public int InitialBackoffMs { get; set; } = 100;

    public int MaxBackoffMs { get; set; } = 30_000;

    /// <summary>How long start-up waits for InfluxDB to answer /ping before giving up.</summary>
    public int StartupTimeoutMs { get; set; } = 30_000;

    /// <summary>How long disposing waits for unsent batches; what is left is not acknowledged (and replays).</summary>
    public int DrainTimeoutMs { get; set; } = 30_000;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Url);

    public IEnumerable<string> Validate(string section)
    {
        var errors = new List<string>();
        if (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"{section}:Url must be an absolute http(s) URL, got '{Url}'.");
        }
        if (CaCertificatePath.Length > 0 && !System.IO.File.Exists(CaCertificatePath))
        {
            errors.Add($"{section}:CaCertificatePath '{CaCertificatePath}' does not exist.");
        }
        if (ApiVersion == InfluxApiVersion.V1 && string.IsNullOrWhiteSpace(Database))
        {
            errors.Add($"{section}:Database is required for ApiVersion V1.");
        }
        if (ApiVersion == InfluxApiVersion.V1 && Password.Length > 0 && Username.Length == 0)
        {
            errors.Add($"{section}:Password is set but {section}:Username is empty.");
        }
        if (ApiVersion == InfluxApiVersion.V2 && string.IsNullOrWhiteSpace(Bucket))
        {
            errors.Add($"{section}:Bucket is required for ApiVersion V2.");
        }
        if (ApiVersion == InfluxApiVersion.V2 && CreateIfMissing && string.IsNullOrWhiteSpace(Org))
        {
            errors.Add($"{section}:Org is required to create a bucket (CreateIfMissing with ApiVersion V2).");
        }
        Positive(errors, $"{section}:BatchSize", BatchSize);
        Positive(errors, $"{section}:MaxDelayMs", MaxDelayMs);
        Positive(errors, $"{section}:BacklogMaxDelayMs", BacklogMaxDelayMs);
        Positive(errors, $"{section}:MaxInFlightBatches", MaxInFlightBatches);
        Positive(errors, $"{section}:RequestTimeoutMs", RequestTimeoutMs);
        Positive(errors, $"{section}:InitialBackoffMs", InitialBackoffMs);
        Positive(errors, $"{section}:StartupTimeoutMs", StartupTimeoutMs);
        if (MaxBackoffMs < InitialBackoffMs)
        {
            errors.Add($"{section}:MaxBackoffMs ({MaxBackoffMs}) must be at least {section}:InitialBackoffMs ({InitialBackoffMs}).");
        }
        if (DrainTimeoutMs < 0)
        {
            errors.Add($"{section}:DrainTimeoutMs must not be negative.");
        }
        return errors;
    }

    internal static void Positive(List<string> errors, string key, int value)
    {
        if (value <= 0)
        {
            errors.Add($"{key} must be positive, got {value}.");
        }
    }
}
