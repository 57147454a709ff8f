using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using StreamAe.Contracts;
using StreamAe.Ingest.Parsing;
using StreamAe.Ingest.Source;
using StreamAe.Ingest.Windowing;
using StreamAe.Tools.Kafka.Mock;

namespace StreamAe.Ingest.Tests.Source;

/// <summary>What readiness learns from the consumer: whether it holds a broker connection, and why not.</summary>
public sealed class BrokerConnectionTests
{
    [Fact]
    public async Task The_consumer_reports_no_connection_while_its_broker_is_down_and_a_connection_once_it_is_back()
    {
        using var cluster = new MockCluster(brokerCount: 1);
        cluster.CreateTopic("health", 1);
        using var source = StartSource(cluster.BootstrapServers, "health");

        await WaitUntilAsync(() => source.Connection.IsConnected, "the first connection");
        cluster.SetBrokerDown(1);
        await WaitUntilAsync(() => !source.Connection.IsConnected, "the broker to be seen down");
        Assert.Contains(cluster.BootstrapServers, source.Connection.Problem);
        cluster.SetBrokerUp(1);
        await WaitUntilAsync(() => source.Connection.IsConnected, "the connection to come back");
        await source.StopAsync();
    }

    [Fact]
    public async Task A_refused_connection_is_the_reason_given_until_a_broker_answers()
    {
        var bootstrap = $"127.0.0.1:{UnusedPort()}";
        using var source = StartSource(bootstrap, "nowhere");

        await WaitUntilAsync(() => source.Connection.Problem?.Contains("Connection refused", StringComparison.Ordinal) == true,
            "the refused connection to be reported");
        Assert.StartsWith($"no connection to Kafka at {bootstrap}", source.Connection.Problem);
        await source.StopAsync();
    }

    private static KafkaWindowSource StartSource(string bootstrap, string topic)
    {
        var options = new KafkaSourceOptions { BootstrapServers = bootstrap, GroupId = $"g-{Guid.NewGuid():N}", Topics = [topic] };
        options.Settings["statistics.interval.ms"] = "100";
        options.Settings["reconnect.backoff.max.ms"] = "200";
        var source = new KafkaWindowSource(options, new FormatOptions { Format = MessageFormat.Window }, new WindowerOptions { WindowLength = 4, Hop = 4 },
            Channel.CreateUnbounded<Window>().Writer, new RecordingDeadLetterSink());
        source.Start();
        return source;
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"timed out waiting for {what}");
            await Task.Delay(50);
        }
    }
}
