using System.Globalization;
using System.Text;
using Confluent.Kafka;
using StreamAe.Contracts;
using StreamAe.Ingest.Parsing;
using StreamAe.Ingest.Parsing.DeadLetter;
using StreamAe.Ingest.Source;
using StreamAe.Ingest.Windowing;
using StreamAe.TestSupport.Kafka;

namespace StreamAe.Ingest.Tests.Source;

public sealed class KafkaWindowSourceTests : IClassFixture<MockKafkaFixture>
{
    private const long T0 = 1_732_300_000_000;
    private readonly MockKafkaFixture _kafka;

    public KafkaWindowSourceTests(MockKafkaFixture kafka) => _kafka = kafka;

    private static string Message(MessageFormat format, string series, int i) => format switch
    {
        MessageFormat.Sample => $$"""{"series":"{{series}}","ts":{{T0 + i}},"value":{{i}}}""",
        MessageFormat.Chunk => $$"""{"series":"{{series}}","ts":{{T0 + 2 * i}},"interval_ms":1,"values":[{{2 * i}},{{2 * i + 1}}]}""",
        MessageFormat.Window => $$"""{"series":"{{series}}","ts":{{T0 + i}},"window":[{{i}},{{i}},{{i}},{{i}}],"label":{{(i % 2 == 0 ? "false" : "true")}}}""",
        MessageFormat.Influx => $"{series},host=h v={i} {(T0 + i) * 1_000_000}",
        MessageFormat.Csv => $"{series},{T0 + i},{i}",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    [Theory]
    [InlineData(MessageFormat.Sample)]
    [InlineData(MessageFormat.Chunk)]
    [InlineData(MessageFormat.Window)]
    [InlineData(MessageFormat.Influx)]
    [InlineData(MessageFormat.Csv)]
    public async Task Each_format_is_consumed_into_exact_windows(MessageFormat format)
    {
        var topic = _kafka.NewTopic(partitions: 2);
        var series = new[] { "a", "b", "c" };
        const int perSeries = 12;
        await KafkaSourceHarness.ProduceAsync(_kafka, topic,
            Enumerable.Range(0, perSeries).SelectMany(i => series.Select(s => ((string?)s, Message(format, s, i)))));

        var deadLetters = new RecordingDeadLetterSink();
        using var harness = new KafkaSourceHarness(_kafka, topic, _kafka.NewGroupId(), new FormatOptions { Format = format },
            new WindowerOptions { WindowLength = 4, Hop = 4 }, deadLetters);
        var samplesPerSeries = format == MessageFormat.Chunk ? 2 * perSeries : perSeries;
        var expected = format == MessageFormat.Window ? series.Length * perSeries : series.Length * samplesPerSeries / 4;
        var windows = harness.WaitForWindows(expected);
        await harness.StopAsync();

        Assert.Empty(deadLetters.Messages);
        Assert.Equal(expected, windows.Count);
        foreach (var group in windows.GroupBy(w => w.Series))
        {
            var values = group.SelectMany(w => w.Values).ToList();
            var expectedValues = format == MessageFormat.Window
                ? Enumerable.Range(0, perSeries).SelectMany(i => Enumerable.Repeat((float)i, 4))
                : Enumerable.Range(0, samplesPerSeries).Select(i => (float)i);
            Assert.Equal(expectedValues, values);
        }
        var seriesNames = format == MessageFormat.Influx ? series.Select(s => $"{s},host=h") : series;
        Assert.Equal(seriesNames.Order(), windows.Select(w => w.Series).Distinct().Order());
        if (format == MessageFormat.Window)
        {
            Assert.All(windows, w => Assert.Equal(w.Values[0] % 2 == 1, w.Label));
        }
    }

    [Fact]
    public async Task Windows_read_from_a_backlog_say_so_and_the_last_ones_are_live()
    {
        var topic = _kafka.NewTopic(partitions: 1);
        const int messages = 2000;
        await KafkaSourceHarness.ProduceAsync(_kafka, topic,
            Enumerable.Range(0, messages).Select(i => ((string?)"a", Message(MessageFormat.Sample, "a", i))));

        // A small channel read slowly paces the consumer, so the high watermarks are refreshed (every 20 ms) while
        // most of the backlog is still ahead of it.
        using var harness = new KafkaSourceHarness(_kafka, topic, _kafka.NewGroupId(), new FormatOptions { Format = MessageFormat.Sample },
            new WindowerOptions { WindowLength = 4, Hop = 4 }, new RecordingDeadLetterSink(), channelCapacity: 8, startReading: false,
            configure: options => options.BacklogMessages = 100);
        var windows = new List<Window>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (windows.Count < messages / 4)
        {
            windows.Add(await harness.Reader.ReadAsync(timeout.Token));
            windows[^1].Delivery?.Delivered();
            await Task.Delay(1, timeout.Token);
        }
        await harness.StopAsync();

        Assert.All(windows[100..400], w => Assert.True(w.UnderBacklog, $"window ending at {w.EndMs} was more than 100 messages behind"));
        Assert.All(windows[^20..], w => Assert.False(w.UnderBacklog, $"window ending at {w.EndMs} was within 100 messages of the end"));
    }

    [Fact]
    public async Task Bad_messages_go_to_the_dead_letter_topic_with_their_reason_and_the_stream_goes_on()
    {
        var topic = _kafka.NewTopic(partitions: 1);
        var deadLetterTopic = _kafka.NewTopic(partitions: 1, prefix: "dlq");
        var bad = new (string Body, DeadLetterReason Reason)[]
        {
            ("""{"series":"s","ts":1732300000000,"value":1e999}""", DeadLetterReason.NonFinite),
            ("""{"series":"s","ts":1732300000000,"value":""", DeadLetterReason.Malformed),
            ("""{"series":"s","value":1}""", DeadLetterReason.MissingField),
            ("""{"series":"s","ts":5,"value":1}""", DeadLetterReason.TimestampOutOfRange),
            ("""{"series":"s","ts":1732300000000,"values":[1,2]}""", DeadLetterReason.ChannelCount),
            ("{\"series\":\"s\",\"ts\":1732300000000,\"value\":1,\"pad\":\"" + new string('x', 300) + "\"}", DeadLetterReason.Oversize),
        };
        var messages = new List<(string?, string)>();
        for (var i = 0; i < 8; i++)
        {
            messages.Add(("s", Message(MessageFormat.Sample, "s", i)));
            if (i < bad.Length)
            {
                messages.Add(("s", bad[i].Body));
            }
        }
        await KafkaSourceHarness.ProduceAsync(_kafka, topic, messages);

        var options = new KafkaSourceOptions { BootstrapServers = _kafka.BootstrapServers };
        using var deadLetters = new DeadLetterOptions { Topic = deadLetterTopic }.CreateSink(options);
        using var harness = new KafkaSourceHarness(_kafka, topic, _kafka.NewGroupId(),
            new FormatOptions { MaxMessageBytes = 256 }, new WindowerOptions { WindowLength = 4, Hop = 4 }, deadLetters);
        var windows = harness.WaitForWindows(2);
        Assert.Equal([[0f, 1, 2, 3], [4f, 5, 6, 7]], windows.Select(w => w.Values).ToArray());

        var letters = ConsumeAll(deadLetterTopic, bad.Length);
        Assert.Equal(bad.Select(b => b.Reason.Name()), letters.Select(m => Header(m, "reason")));
        Assert.Equal(bad.Select(b => b.Body), letters.Select(m => Encoding.UTF8.GetString(m.Message.Value)));
        Assert.All(letters, m => Assert.Equal(topic, Header(m, "source_topic")));
        Assert.Equal(Enumerable.Range(0, bad.Length).Select(i => (2 * i + 1).ToString(CultureInfo.InvariantCulture)),
            letters.Select(m => Header(m, "source_offset")));
        foreach (var reason in bad.Select(b => b.Reason))
        {
            Assert.Equal(1, harness.Source.DeadLetters[reason]);
        }

        // Everything is acknowledged (windows delivered, dead letters written) -> the commit reaches the end.
        await WaitUntil(() => Committed(harness.Options.GroupId, topic, 0) == messages.Count);
        await harness.StopAsync();
        Assert.Equal(messages.Count, Committed(harness.Options.GroupId, topic, 0));
    }

    [Fact]
    public async Task Dead_letters_can_go_to_a_json_lines_file()
    {
        var topic = _kafka.NewTopic(partitions: 1);
        await KafkaSourceHarness.ProduceAsync(_kafka, topic, [("s", "garbage"), ("s", Message(MessageFormat.Sample, "s", 0))]);
        var path = Path.Combine(Path.GetTempPath(), $"streamae-dlq-{Guid.NewGuid():N}.jsonl");
        try
        {
            var deadLetterOptions = new DeadLetterOptions { Target = DeadLetterTarget.File, FilePath = path };
            using (var deadLetters = deadLetterOptions.CreateSink(new KafkaSourceOptions()))
            using (var harness = new KafkaSourceHarness(_kafka, topic, _kafka.NewGroupId(), new FormatOptions(),
                       new WindowerOptions { WindowLength = 1, Hop = 1 }, deadLetters))
            {
                Assert.Single(harness.WaitForWindows(1));
                await harness.StopAsync();
            }
            var line = Assert.Single(File.ReadAllLines(path));
            using var json = System.Text.Json.JsonDocument.Parse(line);
            Assert.Equal("malformed", json.RootElement.GetProperty("reason").GetString());
            Assert.Equal("garbage", json.RootElement.GetProperty("value_text").GetString());
            Assert.Equal(0, json.RootElement.GetProperty("source_offset").GetInt64());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Restarting_from_committed_offsets_loses_no_tumbling_window()
    {
        var (topic, series) = await ProduceSixSampleSeriesAsync();
        var group = _kafka.NewGroupId();
        // Time-aligned: windows counted from the first sample read may be cut elsewhere after a restart when series
        // share a partition (their samples are still all covered: OffsetTrackerPropertyTests).
        var windowing = new WindowerOptions { WindowLength = 5, Hop = 5, SampleIntervalMs = 1 };
        var expected = series.SelectMany(s => Enumerable.Range(0, PerSeries / 5).Select(w => $"{s}@{T0 + 5 * w}")).ToHashSet();

        // First life: acknowledges only every other window it receives, then stops.
        var delivered = await FirstLifeAsync(topic, group, windowing, expected.Count / 2, taken => taken % 2 == 0);

        // Second life, same group: starts from what the first committed.
        var replayed = await SecondLifeAsync(topic, group, windowing, expected, delivered);
        Assert.Subset(delivered.Concat(replayed.Select(Key)).ToHashSet(), expected);
        Assert.True(replayed.Count < expected.Count, "the second life should not start from the beginning");
    }

    [Fact]
    public async Task Restarting_rebuilds_exactly_the_time_aligned_sliding_windows_of_shared_partitions()
    {
        var (topic, series) = await ProduceSixSampleSeriesAsync(); // three series a partition
        var group = _kafka.NewGroupId();
        var windowing = new WindowerOptions { WindowLength = 6, Hop = 2, SampleIntervalMs = 1 };
        var expected = series.SelectMany(s => Enumerable.Range(0, 18).Select(k => $"{s}@{T0 + 2 * k}")).ToHashSet();

        // All of the first quarter, then with holes: the commit stops between the two, behind what was read.
        var delivered = await FirstLifeAsync(topic, group, windowing, expected.Count / 2,
            taken => taken < expected.Count / 4 || taken % 3 != 0);

        var replayed = await SecondLifeAsync(topic, group, windowing, expected, delivered);
        Assert.Equal(expected, delivered.Concat(replayed.Select(Key)).ToHashSet());
        Assert.All(replayed, w => Assert.Equal(
            Enumerable.Range((int)(w.StartMs - T0), 6).Select(i => (float)i), w.Values)); // same samples as the first cut
        Assert.True(replayed.Count < expected.Count, "the second life should not start from the beginning");
    }

    private const int PerSeries = 40;

    private static string Key(Window window) => $"{window.Series}@{window.StartMs}";

    /// <summary>Six series of 40 <c>sample</c> messages (values 0…39 at T0 + i) on a two-partition topic.</summary>
    private async Task<(string Topic, string[] Series)> ProduceSixSampleSeriesAsync()
    {
        var topic = _kafka.NewTopic(partitions: 2);
        var series = Enumerable.Range(0, 6).Select(i => $"s{i}").ToArray();
        await KafkaSourceHarness.ProduceAsync(_kafka, topic,
            Enumerable.Range(0, PerSeries).SelectMany(i => series.Select(s => ((string?)s, Message(MessageFormat.Sample, s, i)))));
        return (topic, series);
    }

    /// <summary>Reads <paramref name="take"/> windows, acknowledges those <paramref name="acknowledge"/> picks (by
    /// arrival index), stops; returns the acknowledged windows' keys.</summary>
    private async Task<HashSet<string>> FirstLifeAsync(string topic, string group, WindowerOptions windowing, int take,
        Func<int, bool> acknowledge)
    {
        var delivered = new HashSet<string>();
        using var first = new KafkaSourceHarness(_kafka, topic, group, new FormatOptions(), windowing,
            new RecordingDeadLetterSink(), acknowledge: false, startReading: false);
        var taken = 0;
        while (taken < take && await first.Reader.WaitToReadAsync())
        {
            while (first.Reader.TryRead(out var window))
            {
                if (acknowledge(taken++))
                {
                    window.Delivery!.Delivered();
                    delivered.Add(Key(window));
                }
            }
        }
        await first.Source.StopAsync();
        return delivered;
    }

    /// <summary>A new consumer in the same group, run until the expected windows are all delivered by one life or
    /// the other; returns what it received.</summary>
    private async Task<List<Window>> SecondLifeAsync(string topic, string group, WindowerOptions windowing,
        HashSet<string> expected, HashSet<string> delivered)
    {
        using var second = new KafkaSourceHarness(_kafka, topic, group, new FormatOptions(), windowing, new RecordingDeadLetterSink());
        await WaitUntil(() => expected.IsSubsetOf(delivered.Concat(second.Received.Select(Key))));
        await second.StopAsync();
        return second.Received;
    }

    [Fact]
    public async Task Two_consumers_in_one_group_share_the_partitions_through_a_rebalance_and_lose_nothing()
    {
        var topic = _kafka.NewTopic(partitions: 4);
        var series = Enumerable.Range(0, 8).Select(i => $"s{i}").ToArray();
        const int perSeries = 60;
        var messages = Enumerable.Range(0, perSeries).SelectMany(i => series.Select(s => ((string?)s, Message(MessageFormat.Sample, s, i)))).ToList();
        await KafkaSourceHarness.ProduceAsync(_kafka, topic, messages.Take(messages.Count / 2));
        var group = _kafka.NewGroupId();
        var windowing = new WindowerOptions { WindowLength = 4, Hop = 4 };
        var expected = series.SelectMany(s => Enumerable.Range(0, perSeries / 4).Select(w => $"{s}@{T0 + 4 * w}")).ToHashSet();

        using var first = new KafkaSourceHarness(_kafka, topic, group, new FormatOptions(), windowing, new RecordingDeadLetterSink());
        first.WaitForWindows(1);
        using var second = new KafkaSourceHarness(_kafka, topic, group, new FormatOptions(), windowing, new RecordingDeadLetterSink());
        // A cooperative rebalance is two JoinGroup rounds, and the mock coordinator holds each one for the session
        // timeout less a second (5 s here): about 10 s on an idle machine, 20 s seen under a full test run.
        await WaitUntil(() => second.Source.AssignedPartitions > 0, timeoutSeconds: 60);
        Assert.Equal(4, first.Source.AssignedPartitions + second.Source.AssignedPartitions);
        await KafkaSourceHarness.ProduceAsync(_kafka, topic, messages.Skip(messages.Count / 2));

        HashSet<string> All() => first.Received.Concat(second.Received).Select(w => $"{w.Series}@{w.StartMs}").ToHashSet();
        await WaitUntil(() => expected.IsSubsetOf(All()));
        await Task.WhenAll(first.StopAsync(), second.StopAsync());
        Assert.Subset(All(), expected);
        Assert.NotEmpty(second.Received); // the second member really took partitions over
    }

    [Fact]
    public async Task A_full_window_channel_pauses_the_consumer_and_nothing_is_lost_when_it_drains()
    {
        var topic = _kafka.NewTopic(partitions: 2);
        const int count = 4_000; // more than the source reads ahead of its windowing (4 batches of 256 messages)
        await KafkaSourceHarness.ProduceAsync(_kafka, topic,
            Enumerable.Range(0, count).Select(i => ((string?)$"s{i % 4}", Message(MessageFormat.Sample, $"s{i % 4}", i / 4))));
        using var harness = new KafkaSourceHarness(_kafka, topic, _kafka.NewGroupId(), new FormatOptions(),
            new WindowerOptions { WindowLength = 1, Hop = 1 }, new RecordingDeadLetterSink(), channelCapacity: 4,
            startReading: false);
        await WaitUntil(() => harness.Source.Pauses > 0 && harness.Source.ConsumerLag > 0);
        Assert.Equal(1, harness.Source.Pauses);
        Assert.InRange(harness.Source.ConsumerLag, 1, count);
        Assert.True(harness.Source.MessagesConsumed < count);

        var windows = new List<StreamAe.Contracts.Window>();
        while (windows.Count < count && await harness.Reader.WaitToReadAsync())
        {
            while (harness.Reader.TryRead(out var window))
            {
                window.Delivery!.Delivered();
                windows.Add(window);
            }
        }
        await harness.Source.StopAsync();
        Assert.Equal(count, windows.Count);
        foreach (var group in windows.GroupBy(w => w.Series))
        {
            Assert.Equal(Enumerable.Range(0, count / 4).Select(i => (float)i), group.Select(w => w.Values[0]));
        }
    }

    [Fact]
    public void Secrets_in_pass_through_settings_are_redacted()
    {
        var options = new KafkaSourceOptions
        {
            Topics = ["t"],
            Settings = new Dictionary<string, string>
            {
                ["security.protocol"] = "SASL_SSL",
                ["sasl.password"] = "hunter2",
                ["ssl.key.password"] = "k",
                ["sasl.oauthbearer.client.secret"] = "s",
            },
        };
        var redacted = options.RedactedSettings().ToDictionary();
        Assert.Equal("SASL_SSL", redacted["security.protocol"]);
        Assert.All(new[] { "sasl.password", "ssl.key.password", "sasl.oauthbearer.client.secret" },
            key => Assert.Equal("***", redacted[key]));
        Assert.DoesNotContain("hunter2", options.Describe(), StringComparison.Ordinal);
        Assert.Equal("hunter2", options.BuildConsumerConfig().Get("sasl.password"));
        Assert.Empty(options.Validate("Kafka"));
        var noTopics = Assert.Throws<ArgumentException>(() => new KafkaWindowSource(new KafkaSourceOptions(), new FormatOptions(),
            new WindowerOptions(), System.Threading.Channels.Channel.CreateUnbounded<Window>().Writer, new RecordingDeadLetterSink()));
        Assert.Contains("Kafka:Topics", noTopics.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_consumer_keeps_its_prefetch_topped_up_and_each_pipeline_copy_keeps_every_setting()
    {
        var shared = new KafkaSourceOptions { Topics = ["t"], PauseAfter = TimeSpan.FromSeconds(3), BacklogMessages = 7 };
        var config = shared.BuildConsumerConfig();
        Assert.Equal("10", config.Get("fetch.queue.backoff.ms")); // librdkafka's default, 1000, starves a draining consumer
        Assert.Equal("100000", config.Get("queued.min.messages"));

        var copy = shared.ForPipeline("g2", ["u"], "p");
        Assert.Equal(("g2", "u", "streamae"), (copy.GroupId, copy.Topics.Single(), shared.GroupId));
        Assert.Equal((TimeSpan.FromSeconds(3), 7), (copy.PauseAfter, copy.BacklogMessages));
        Assert.Contains(new KafkaSourceOptions { Topics = ["t"], FetchQueueBackoffMs = -1 }.Validate("Kafka"),
            e => e.Contains("Kafka:FetchQueueBackoffMs", StringComparison.Ordinal));
    }

    [Fact]
    public void A_configured_instance_id_joins_each_pipeline_as_a_static_member_of_its_own_name()
    {
        Assert.Null(new KafkaSourceOptions { Topics = ["t"] }.ForPipeline("g", ["t"], "ecg").BuildConsumerConfig().GroupInstanceId);

        var shared = new KafkaSourceOptions { Topics = ["t"], InstanceId = "host-7" };

        Assert.Equal(("host-7-ecg", "host-7-spo2"), (shared.ForPipeline("g", ["t"], "ecg").BuildConsumerConfig().GroupInstanceId,
            shared.ForPipeline("g", ["u"], "spo2").BuildConsumerConfig().GroupInstanceId));
        Assert.Contains(new KafkaSourceOptions { Topics = ["t"], InstanceId = " " }.Validate("Kafka"), e => e.Contains("Kafka:InstanceId", StringComparison.Ordinal));
    }

    private List<ConsumeResult<byte[]?, byte[]>> ConsumeAll(string topic, int count)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]>(_kafka.ConsumerConfig(_kafka.NewGroupId())).Build();
        consumer.Subscribe(topic);
        var results = new List<ConsumeResult<byte[]?, byte[]>>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (results.Count < count && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { Message: not null } result)
            {
                results.Add(result);
            }
        }
        consumer.Close();
        return results;
    }

    private long Committed(string group, string topic, int partition)
    {
        using var admin = new ConsumerBuilder<Ignore, Ignore>(_kafka.ConsumerConfig(group)).Build();
        var committed = admin.Committed([new TopicPartition(topic, partition)], TimeSpan.FromSeconds(5));
        return committed[0].Offset.Value;
    }

    private static string Header(ConsumeResult<byte[]?, byte[]> message, string name) =>
        Encoding.UTF8.GetString(message.Message.Headers.GetLastBytes(name));

    private static async Task WaitUntil(Func<bool> condition, int timeoutSeconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
    }
}
