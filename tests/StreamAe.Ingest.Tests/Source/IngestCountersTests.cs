using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using StreamAe.Ingest.Parsing;
using StreamAe.Ingest.Windowing;
using StreamAe.TestSupport.Kafka;

namespace StreamAe.Ingest.Tests.Source;

[CollectionDefinition(nameof(IngestCountersTests), DisableParallelization = true)]
public sealed class IngestCountersCollection;

/// <summary>Runs alone (the meter is process-wide) so the counted values are exactly this test's source's.</summary>
[Collection(nameof(IngestCountersTests))]
public sealed class IngestCountersTests(MockKafkaFixture kafka) : IClassFixture<MockKafkaFixture>
{
    private const long T0 = 1_732_300_000_000;

    [Fact]
    public async Task Messages_and_the_samples_they_hold_are_counted_once_each_and_a_dead_letter_holds_none()
    {
        var counted = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == IngestMeter.Name)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => counted.AddOrUpdate(instrument.Name, value, (_, sum) => sum + value));
        listener.Start();
        var topic = kafka.NewTopic(partitions: 1);
        var chunks = Enumerable.Range(0, 10).Select(i =>
            ((string?)"a", $$"""{"series":"a","ts":{{T0 + 2 * i}},"interval_ms":1,"values":[{{2 * i}},{{2 * i + 1}}]}"""));
        await KafkaSourceHarness.ProduceAsync(kafka, topic, chunks.Append(("a", "not json")));

        using var harness = new KafkaSourceHarness(kafka, topic, kafka.NewGroupId(), new FormatOptions { Format = MessageFormat.Chunk },
            new WindowerOptions { WindowLength = 4, Hop = 4 }, new RecordingDeadLetterSink());
        Assert.Equal(5, harness.WaitForWindows(5).Count);
        // Counted in runs; the consume loop flushes them once nothing more is waiting.
        var deadline = Stopwatch.StartNew();
        while (counted.GetValueOrDefault("streamae_ingest_messages") < 11 && deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(10);
        }
        await harness.StopAsync();

        Assert.Equal(11, counted.GetValueOrDefault("streamae_ingest_messages"));
        Assert.Equal(20, counted.GetValueOrDefault("streamae_ingest_samples"));
        Assert.Equal(5, counted.GetValueOrDefault("streamae_ingest_windows"));
        Assert.Equal(1, counted.GetValueOrDefault("streamae_ingest_dead_letters"));
    }
}
