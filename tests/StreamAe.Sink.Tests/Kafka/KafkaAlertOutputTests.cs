using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using StreamAe.Contracts;
using StreamAe.Sink.Kafka;
using StreamAe.Sink.Tests.Support;

namespace StreamAe.Sink.Tests.Kafka;

/// <summary>
/// Runs against librdkafka's mock cluster: <c>test.mock.num.brokers=1</c> makes the producer start one on
/// 127.0.0.1, and its metadata names the broker a consumer can then read from.
/// </summary>
public sealed class KafkaAlertOutputTests
{
    [Fact]
    public async Task Alerts_are_published_as_json_and_acknowledged_by_delivery_reports()
    {
        var options = new KafkaAlertOptions
        {
            Topic = "alerts-test",
            Producer = new() { ["test.mock.num.brokers"] = "1" },
        };
        var open = new AlertEvent("ecg 7", "dense", AlertState.Open, TestData.BaseMs, 0.9, 1, null, "sample 71 (+2.31)");
        var close = new AlertEvent("ecg 7", "dense", AlertState.Closed, TestData.BaseMs + 4000, 1.5, 5, 4000);
        var quiet = new RecordingToken(0);
        var opening = new RecordingToken(1);
        string bootstrap;
        await using (var output = new KafkaAlertOutput(options))
        {
            await output.StartAsync(CancellationToken.None);
            await output.WriteAsync(TestData.Scored("ecg 7", "dense", 0, quiet), null, quiet, CancellationToken.None);
            Assert.Equal(1, quiet.Count);
            await output.WriteAsync(TestData.Scored("ecg 7", "dense", 1, opening), open, opening, CancellationToken.None);
            await output.WriteAsync(close, null, CancellationToken.None);
            await output.FlushAsync(CancellationToken.None);
            Assert.Equal(1, opening.Count);
            Assert.Equal(2, output.Stats.PointsWritten);
            using var admin = new DependentAdminClientBuilder(output.ProducerHandle).Build();
            var broker = admin.GetMetadata(TimeSpan.FromSeconds(5)).Brokers.Single();
            bootstrap = $"{broker.Host}:{broker.Port}";

            var messages = Consume(bootstrap, options.Topic, count: 2);

            Assert.All(messages, m => Assert.Equal("ecg 7", m.Key));
            Assert.Equal(
                """{"series":"ecg 7","model":"dense","state":"open","timestamp_ms":1732300000000,"peak_score":0.9,"windows":1,"explanation":"sample 71 (\u002B2.31)"}""",
                messages[0].Value);
            using var closed = JsonDocument.Parse(messages[1].Value);
            Assert.Equal("closed", closed.RootElement.GetProperty("state").GetString());
            Assert.Equal(4000, closed.RootElement.GetProperty("duration_ms").GetInt64());
            Assert.Equal(1.5, closed.RootElement.GetProperty("peak_score").GetDouble());
        }
    }

    [Fact]
    public void Turning_idempotence_off_is_refused()
    {
        var options = new KafkaAlertOptions
        {
            BootstrapServers = "127.0.0.1:9092",
            Producer = new() { ["enable.idempotence"] = "false" },
        };

        var error = Assert.Single(options.Validate(KafkaAlertOptions.Section));

        Assert.Contains("Sink:KafkaAlerts:Producer:enable.idempotence", error, StringComparison.Ordinal);
    }

    private static List<(string Key, string Value)> Consume(string bootstrap, string topic, int count)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "alerts-test-reader",
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
            FetchWaitMaxMs = 10,
        }).Build();
        consumer.Subscribe(topic);
        var messages = new List<(string, string)>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (messages.Count < count && DateTime.UtcNow < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result?.Message is { } message)
            {
                messages.Add((Encoding.UTF8.GetString(message.Key), Encoding.UTF8.GetString(message.Value)));
            }
        }
        consumer.Close();
        return messages;
    }
}
