using System.Net.Http.Headers;
using System.Text.Json;
using StreamAe.Contracts;
using StreamAe.Sink.Points;

namespace StreamAe.Tools.Report;

/// <summary>
/// Reads scores and alerts from InfluxDB over its v1 query API (<c>/query</c>, InfluxQL, chunked), which InfluxDB 1.x
/// serves and 2.x serves for a database mapped to a bucket (DBRP) with a token.
/// </summary>
internal sealed class InfluxResults(Uri url, string database, string? token, TimeSpan timeout)
{
    public async Task ReadAsync(ResultSet into, string? since, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = url, Timeout = timeout };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", token);
        }
        var where = since is null ? "" : $" WHERE time > now() - {since}";
        foreach (var measurement in new[] { StreamAeSchema.ScoreMeasurement, StreamAeSchema.AlertMeasurement })
        {
            var query = $"SELECT * FROM \"{measurement}\"{where}";
            var path = $"query?db={Uri.EscapeDataString(database)}&epoch=ms&chunked=true&chunk_size=10000&q={Uri.EscapeDataString(query)}";
            HttpResponseMessage response;
            try
            {
                response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                throw new DependencyUnavailableException($"InfluxDB at {url} did not answer within {timeout.TotalSeconds:0} s ({e.Message}).");
            }
            using (response)
            {
                if (!response.IsSuccessStatusCode)
                {
                    var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
                    throw new InvalidOperationException($"InfluxDB at {url} refused the query ({(int)response.StatusCode}): {body.Trim()}");
                }
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false));
                string? chunk;
                while ((chunk = await reader.ReadLineAsync(ct).ConfigureAwait(false)) != null)
                {
                    if (chunk.Length > 0)
                    {
                        AddChunk(into, measurement, chunk);
                    }
                }
            }
        }
    }

    private static void AddChunk(ResultSet into, string measurement, string chunk)
    {
        using var document = JsonDocument.Parse(chunk);
        foreach (var result in document.RootElement.GetProperty("results").EnumerateArray())
        {
            if (result.TryGetProperty("error", out var error))
            {
                throw new InvalidOperationException($"InfluxDB: {error.GetString()}");
            }
            if (!result.TryGetProperty("series", out var series))
            {
                continue;
            }
            foreach (var table in series.EnumerateArray())
            {
                var columns = table.GetProperty("columns").EnumerateArray().Select(c => c.GetString()!).ToArray();
                foreach (var row in table.GetProperty("values").EnumerateArray())
                {
                    var tags = new Dictionary<string, string>(StringComparer.Ordinal);
                    var fields = new Dictionary<string, object>(StringComparer.Ordinal);
                    long time = 0;
                    var index = 0;
                    foreach (var cell in row.EnumerateArray())
                    {
                        var column = columns[index++];
                        switch (cell.ValueKind)
                        {
                            case JsonValueKind.Null:
                                break;
                            case JsonValueKind.Number when column == "time":
                                time = cell.GetInt64();
                                break;
                            case JsonValueKind.String when column is "series" or "model" or "state":
                                tags[column] = cell.GetString()!;
                                break;
                            case JsonValueKind.String:
                                fields[column] = cell.GetString()!;
                                break;
                            case JsonValueKind.True or JsonValueKind.False:
                                fields[column] = cell.GetBoolean();
                                break;
                            default:
                                fields[column] = cell.GetDouble();
                                break;
                        }
                    }
                    ResultPoints.Add(into, measurement, tags, fields, time);
                }
            }
        }
    }
}
