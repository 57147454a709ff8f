using StreamAe.Ingest.Parsing;
using StreamAe.Ingest.Tests.Source;
using StreamAe.Ingest.Windowing;
using StreamAe.TestSupport.Kafka;
using StreamAe.Tools.Replay;

namespace StreamAe.Ingest.Tests.Replay;

public sealed class ReplayProducerTests : IClassFixture<MockKafkaFixture>, IDisposable
{
    private readonly MockKafkaFixture _kafka;
    private readonly string _directory = Directory.CreateTempSubdirectory("streamae-replay-").FullName;

    public ReplayProducerTests(MockKafkaFixture kafka) => _kafka = kafka;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Ucr_rows_arrive_as_labelled_windows()
    {
        var path = Path.Combine(_directory, "beats.tsv");
        var rows = Enumerable.Range(0, 10).Select(r => $"{(r % 3 == 0 ? 2 : 1)}\t{r}\t{r}.5\t-{r}e-1\t{r}").ToList();
        await File.WriteAllLinesAsync(path, rows);
        var topic = _kafka.NewTopic(partitions: 3);
        ReplayResult result;
        using (var producer = ReplayProducer.CreateProducer(_kafka.BootstrapServers))
        {
            result = await new ReplayProducer(producer, new ReplayOptions { Topic = topic, SeriesCount = 4, StartTimestampMs = 1_732_300_000_000 })
                .RunAsync(path);
        }
        Assert.Equal((10L, 0L, 4L), (result.Messages, result.Failed, result.Anomalous));

        using var harness = new KafkaSourceHarness(_kafka, topic, _kafka.NewGroupId(),
            new FormatOptions { Format = MessageFormat.Window, WindowLength = 4 }, new WindowerOptions { WindowLength = 4, Hop = 4 },
            new RecordingDeadLetterSink());
        var windows = harness.WaitForWindows(10);
        await harness.StopAsync();
        Assert.Equal(10, windows.Count);
        var byFirstValue = windows.ToDictionary(w => (int)w.Values[0]);
        for (var r = 0; r < 10; r++)
        {
            Assert.Equal([r, r + 0.5f, -r / 10f, r], byFirstValue[r].Values);
            Assert.Equal(r % 3 == 0, byFirstValue[r].Label);
            Assert.Equal($"ecg-{r % 4}", byFirstValue[r].Series);
            Assert.Equal(1_732_300_000_000 + r / 4 * 4 * 8, byFirstValue[r].StartMs);
            Assert.Equal(byFirstValue[r].StartMs + 3 * 8, byFirstValue[r].EndMs);
        }
    }

    [Theory]
    [InlineData(MessageFormat.Sample)]
    [InlineData(MessageFormat.Chunk)]
    public async Task Csv_rows_arrive_as_samples_or_chunks_and_window_the_same(MessageFormat messageFormat)
    {
        var path = Path.Combine(_directory, "sensor.csv");
        await File.WriteAllLinesAsync(path, ["ts,value", .. Enumerable.Range(0, 20).Select(i => $"{1_732_300_000_000 + 10 * i},{i}")]);
        var topic = _kafka.NewTopic(partitions: 1);
        using (var producer = ReplayProducer.CreateProducer(_kafka.BootstrapServers))
        {
            var options = new ReplayOptions
            {
                Topic = topic, FileFormat = ReplayFileFormat.Csv, MessageFormat = messageFormat, ChunkSize = 6,
                MessagesPerSecond = 2_000,
            };
            var result = await new ReplayProducer(producer, options).RunAsync(path);
            Assert.Equal(messageFormat == MessageFormat.Sample ? 20 : 4, result.Messages);
        }
        using var harness = new KafkaSourceHarness(_kafka, topic, _kafka.NewGroupId(), new FormatOptions { Format = messageFormat },
            new WindowerOptions { WindowLength = 5, Hop = 5 }, new RecordingDeadLetterSink());
        var windows = harness.WaitForWindows(4);
        await harness.StopAsync();
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (float)i), windows.SelectMany(w => w.Values));
        Assert.All(windows, w => Assert.Equal("sensor", w.Series));
        Assert.Equal(Enumerable.Range(0, 4).Select(w => 1_732_300_000_000 + 50L * w), windows.Select(w => w.StartMs));
    }

    [Fact]
    public void Invalid_options_are_reported_by_key()
    {
        var errors = new ReplayOptions { Topic = "", MessagesPerSecond = -1, FileFormat = ReplayFileFormat.Csv,
            MessageFormat = MessageFormat.Influx }.Validate(ReplayOptions.Section).ToList();
        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.Contains("Replay:Topic", StringComparison.Ordinal));
    }
}
