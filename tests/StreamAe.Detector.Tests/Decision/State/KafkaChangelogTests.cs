using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using StreamAe.Detector.Decision.State;
using StreamAe.TestSupport.Kafka;

namespace StreamAe.Detector.Tests.Decision.State;

public sealed class KafkaChangelogTests(MockKafkaFixture kafka) : IClassFixture<MockKafkaFixture>
{
    private const short Fetch = 1;

    [Theory]
    [InlineData(ErrorCode.Unknown)]
    [InlineData(ErrorCode.RequestTimedOut)]
    [InlineData(ErrorCode.NotLeaderForPartition)]
    public async Task A_restore_reads_every_series_through_transient_fetch_errors(ErrorCode error)
    {
        var topic = kafka.NewTopic(partitions: 2, prefix: "changelog");
        using var changelog = KafkaChangelog.Open(topic, "Pipelines:0:State", new StateOptions(),
            new Dictionary<string, string> { ["bootstrap.servers"] = kafka.BootstrapServers }, [topic], TimeSpan.FromSeconds(10),
            NullLogger.Instance);
        var written = new List<Task>();
        for (var i = 0; i < 6; i++)
        {
            var done = new TaskCompletionSource<bool>();
            changelog.Write(i % 2, $"s{i}", [(byte)i], ok => done.SetResult(ok));
            written.Add(done.Task);
        }
        changelog.Flush(TimeSpan.FromSeconds(10));
        Assert.All(await Task.WhenAll(written.Cast<Task<bool>>()), Assert.True);

        kafka.Cluster.PushRequestErrors(Fetch, error, error, error);
        var (latest, complete) = changelog.Read([0, 1], TimeSpan.FromSeconds(20));

        Assert.True(complete);
        Assert.Equal(Enumerable.Range(0, 6).Select(i => $"s{i}"), latest.Keys.Order());
    }
}
