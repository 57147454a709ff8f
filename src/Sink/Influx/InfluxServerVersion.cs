using System.Globalization;

namespace StreamAe.Sink.Influx;

/// <summary>
/// The server version InfluxDB states in its <c>/ping</c> answer (<c>X-Influxdb-Version</c>: "1.6.7~rc0", "v2.7.11",
/// "3.0.1"), and whether the configured API version suits it: a v2 write to a 1.x server older than 1.8 (which has no
/// /api/v2/write) would otherwise read as a missing bucket.
/// </summary>
public sealed record InfluxServerVersion(string Text, int Major, int Minor)
{
    public static InfluxServerVersion? Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }
        var text = header.Trim();
        var parts = text.TrimStart('v', 'V').Split('.', '-', '~', '+');
        if (parts.Length < 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major))
        {
            return null;
        }
        return new InfluxServerVersion(text, major, int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor) ? minor : 0);
    }

    /// <summary>The v1 write API (/write?db=) exists everywhere; /api/v2/write from 1.8 on.</summary>
    public bool HasV2WriteApi => Major > 1 || Minor >= 8;

    /// <summary>Null when <paramref name="configured"/> fits this server; otherwise the mismatch and what to set.</summary>
    public string? Mismatch(InfluxApiVersion configured, string url) => configured switch
    {
        InfluxApiVersion.V2 when !HasV2WriteApi =>
            $"InfluxDB at {url} is version {Text} (its /ping says so), which has no v2 API, but {InfluxOptions.Section}:ApiVersion is V2; " +
            $"set {InfluxOptions.Section}:ApiVersion=V1 and {InfluxOptions.Section}:Database (and Username/Password if it authenticates).",
        _ => null,
    };

    /// <summary>A hint for an authentication or not-found failure that the API version may explain.</summary>
    public string? Hint(InfluxApiVersion configured) => (configured, Major) switch
    {
        (InfluxApiVersion.V1, >= 2) =>
            $"The server is InfluxDB {Text} and {InfluxOptions.Section}:ApiVersion is V1: its v1 API needs a DBRP mapping for the database " +
            $"and a token as password; usually set ApiVersion=V2 with Org, Bucket and Token instead.",
        (InfluxApiVersion.V2, 1) =>
            $"The server is InfluxDB {Text} and {InfluxOptions.Section}:ApiVersion is V2: on 1.x the bucket is 'database/retention-policy' " +
            $"and the token 'user:password'; usually set ApiVersion=V1 with Database instead.",
        _ => null,
    };
}
