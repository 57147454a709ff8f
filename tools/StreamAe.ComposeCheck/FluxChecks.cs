using InfluxDB.Client;
using InfluxDB.Client.Api.Domain;
using InfluxDB.Client.Writes;

namespace StreamAe.ComposeCheck;

/// <summary>The InfluxDB 2 side, through InfluxDB.Client: a probe point written and read back with Flux (then
/// deleted), and the daemon's own score points counted with Flux.</summary>
internal sealed class FluxChecks(CheckOptions options) : IDisposable
{
    private const string ProbeModel = "compose-check";
    private readonly InfluxDBClient _client = new(options.Url.ToString(), options.Token);

    public async Task<string> ServerAsync()
    {
        if (!await _client.PingAsync())
        {
            throw new InvalidOperationException($"no answer to /ping at {options.Url}");
        }
        return $"InfluxDB {await _client.VersionAsync()} at {options.Url}";
    }

    public async Task<string> ProbeRoundTripAsync(CancellationToken ct)
    {
        var series = $"compose-check-{Guid.NewGuid():N}";
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var point = PointData.Measurement("streamae_score").Tag("model", ProbeModel).Tag("series", series)
            .Field("anomaly", false).Field("score", 0.25).Field("threshold", 1.0).Field("window_start", now - 1000)
            .Timestamp(now, WritePrecision.Ms);
        await _client.GetWriteApiAsync().WritePointAsync(point, options.Bucket, options.Org, ct);
        try
        {
            var flux = $"from(bucket: \"{options.Bucket}\") |> range(start: -5m) " +
                       $"|> filter(fn: (r) => r._measurement == \"streamae_score\" and r.series == \"{series}\")";
            var tables = await _client.GetQueryApi().QueryAsync(flux, options.Org, ct);
            var fields = tables.SelectMany(t => t.Records).ToDictionary(r => r.GetField(), r => r.GetValue());
            if (fields.GetValueOrDefault("score") is not 0.25 || fields.GetValueOrDefault("anomaly") is not false || fields.Count != 4)
            {
                throw new InvalidOperationException($"read back {string.Join(", ", fields.Select(f => $"{f.Key}={f.Value}"))}");
            }
            return $"probe point written and read back with Flux ({fields.Count} fields)";
        }
        finally
        {
            await _client.GetDeleteApi().Delete(DateTime.UtcNow.AddMinutes(-10), DateTime.UtcNow.AddMinutes(1),
                $"series=\"{series}\"", options.Bucket, options.Org, ct);
        }
    }

    public async Task<string> DaemonWritesAsync(CancellationToken ct)
    {
        var flux = $"from(bucket: \"{options.Bucket}\") |> range(start: -{options.Since}) " +
                   $"|> filter(fn: (r) => r._measurement == \"streamae_score\" and r._field == \"score\" and r.model != \"{ProbeModel}\") " +
                   "|> group() |> count()";
        var tables = await _client.GetQueryApi().QueryAsync(flux, options.Org, ct);
        var count = tables.SelectMany(t => t.Records).Select(r => Convert.ToInt64(r.GetValue(), System.Globalization.CultureInfo.InvariantCulture)).Sum();
        if (count == 0)
        {
            throw new InvalidOperationException($"no streamae_score point in the last {options.Since}: is the producer running and streamae ready?");
        }
        return $"the daemon wrote {count:N0} score points in the last {options.Since}";
    }

    public void Dispose() => _client.Dispose();
}
