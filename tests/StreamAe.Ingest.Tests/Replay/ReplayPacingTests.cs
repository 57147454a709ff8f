using System.Text.Json;
using Confluent.Kafka;
using StreamAe.Tools.Replay;
using StreamAe.TestSupport.Kafka;

namespace StreamAe.Ingest.Tests.Replay;

/// <summary>The compose producer's way of replaying: at wall-clock pace (never stamped in the future), and in a loop.</summary>
public sealed class ReplayPacingTests(MockKafkaFixture kafka) : IClassFixture<MockKafkaFixture>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("streamae-pacing-").FullName;

    [Fact]
    public async Task At_wall_clock_pace_each_window_is_sent_once_its_last_sample_time_has_come()
    {
        var path = await BeatsAsync(rows: 4);
        var topic = kafka.NewTopic(partitions: 1);
        var started = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        using (var producer = ReplayProducer.CreateProducer(kafka.BootstrapServers))
        {
            // One series, windows of 4 samples 100 ms apart: the last sample of window r is at start + 400·r + 300 ms.
            await new ReplayProducer(producer, new ReplayOptions { Topic = topic, SeriesCount = 1, SampleIntervalMs = 100, WallClock = true })
                .RunAsync(path);
        }

        var messages = Consume(topic, 4);
        Assert.InRange(messages[0].BodyTs - started, 0, 2000); // the time line starts now
        foreach (var (bodyTs, sentAt) in messages)
        {
            Assert.True(sentAt >= bodyTs + 300, $"sent at {sentAt}, before its last sample's time {bodyTs + 300}");
            Assert.True(sentAt < bodyTs + 300 + 2000, $"sent at {sentAt}, long after its last sample's time {bodyTs + 300}");
        }
        Assert.Equal([0L, 400, 800, 1200], messages.Select(m => m.BodyTs - messages[0].BodyTs));
    }

    [Fact]
    public async Task Repeat_zero_replays_the_file_until_stopped_with_the_time_line_going_on()
    {
        var path = await BeatsAsync(rows: 5);
        var topic = kafka.NewTopic(partitions: 1);
        using var producer = ReplayProducer.CreateProducer(kafka.BootstrapServers);
        var replay = new ReplayProducer(producer, new ReplayOptions { Topic = topic, SeriesCount = 1, Repeat = 0, StartTimestampMs = 1_732_300_000_000 });
        using var stop = new CancellationTokenSource();

        // As fast as possible, the replay never yields: it runs on a thread of its own.
        var running = Task.Run(() => replay.RunAsync(path, stop.Token));
        while (replay.MessagesSent < 20 && !running.IsCompleted)
        {
            await Task.Delay(5);
        }
        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        var messages = Consume(topic, 20);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => 1_732_300_000_000 + i * 4 * 8L), messages.Select(m => m.BodyTs));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private async Task<string> BeatsAsync(int rows)
    {
        var path = Path.Combine(_directory, $"beats-{rows}.tsv");
        await File.WriteAllLinesAsync(path, Enumerable.Range(0, rows).Select(r => $"1\t{r}\t{r}\t{r}\t{r}"));
        return path;
    }

    /// <summary>The first <paramref name="count"/> messages: the timestamp in the body and when the producer sent it.</summary>
    private List<(long BodyTs, long SentAt)> Consume(string topic, int count)
    {
        using var consumer = new ConsumerBuilder<Ignore, string>(kafka.ConsumerConfig(kafka.NewGroupId())).Build();
        consumer.Subscribe(topic);
        var messages = new List<(long, long)>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (messages.Count < count && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { Message: { } message })
            {
                using var body = JsonDocument.Parse(message.Value);
                messages.Add((body.RootElement.GetProperty("ts").GetInt64(), message.Timestamp.UnixTimestampMs));
            }
        }
        consumer.Close();
        Assert.True(messages.Count >= count, $"only {messages.Count} of {count} messages arrived");
        return messages.Take(count).ToList();
    }
}
