using System.Globalization;
using System.Net;
using System.Net.Sockets;
using StreamAe.TestSupport.Influx;

namespace StreamAe.IntegrationTests;

/// <summary>The --set overrides that point a daemon at the test's Kafka topic, model and InfluxDB.</summary>
internal static class DaemonSettings
{
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static List<string> For(string bootstrapServers, string groupId, string topic, string modelPath, InfluxFixture influx,
        string database, int httpPort, string deadLetterPath) =>
    [
        $"Kafka:BootstrapServers={bootstrapServers}",
        $"Kafka:GroupId={groupId}",
        "Kafka:FetchWaitMaxMs=5",
        "Pipelines:0:Name=ecg",
        $"Pipelines:0:Topics:0={topic}",
        $"Pipelines:0:ModelPath={modelPath}",
        "Pipelines:0:Format:Format=Window",
        "Pipelines:0:Window:WindowLength=140",
        "Pipelines:0:Window:Hop=140",
        "Batching:MaxDelayMs=10",
        "Scoring:ReloadIntervalMs=200",
        $"Sink:Influx:Url={influx.Url}",
        $"Sink:Influx:Database={database}",
        "Sink:Influx:CreateIfMissing=true",
        "Sink:Influx:MaxDelayMs=50",
        string.Create(CultureInfo.InvariantCulture, $"Http:Urls=http://127.0.0.1:{httpPort}"),
        "DeadLetter:Target=File",
        $"DeadLetter:FilePath={deadLetterPath}",
    ];

    public static async Task<long> CountAsync(InfluxFixture influx, string database, string where = "")
    {
        using var result = await influx.QueryAsync($"SELECT count(score) FROM streamae_score {where}", database);
        var series = result.RootElement.GetProperty("results")[0];
        return series.TryGetProperty("series", out var rows) ? rows[0].GetProperty("values")[0][1].GetInt64() : 0;
    }
}
