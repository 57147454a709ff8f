using System.Net.Http.Headers;
using System.Text.Json;

namespace StreamAe.ComposeCheck;

/// <summary>Runs InfluxQL over the v1 query API, as Grafana's InfluxQL data source does (InfluxDB.Client for .NET has
/// no InfluxQL API): on InfluxDB 2 through the bucket's DBRP mapping, with the token.</summary>
internal sealed class InfluxQlQueries(Uri url, string database, string? token) : IDisposable
{
    private readonly HttpClient _http = CreateClient(url, token);

    /// <summary>The number of rows the query returned; throws with the server's words when it refused it.</summary>
    public async Task<int> RowsAsync(string query, CancellationToken ct)
    {
        using var response = await _http.GetAsync($"query?db={Uri.EscapeDataString(database)}&q={Uri.EscapeDataString(query)}", ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"HTTP {(int)response.StatusCode}: {body.Trim()}");
        }
        using var document = JsonDocument.Parse(body);
        var rows = 0;
        foreach (var result in document.RootElement.GetProperty("results").EnumerateArray())
        {
            if (result.TryGetProperty("error", out var error))
            {
                throw new InvalidOperationException(error.GetString());
            }
            if (result.TryGetProperty("series", out var series))
            {
                rows += series.EnumerateArray().Sum(s => s.GetProperty("values").GetArrayLength());
            }
        }
        return rows;
    }

    public void Dispose() => _http.Dispose();

    private static HttpClient CreateClient(Uri url, string? token)
    {
        var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        if (!string.IsNullOrEmpty(token))
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", token);
        }
        return http;
    }
}
