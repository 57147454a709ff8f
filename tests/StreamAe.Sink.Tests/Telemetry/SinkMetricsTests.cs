using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using StreamAe.Sink.Influx;
using StreamAe.Sink.Telemetry;
using StreamAe.Sink.Tests.Support;

namespace StreamAe.Sink.Tests.Telemetry;

[CollectionDefinition(nameof(SinkMetricsTests), DisableParallelization = true)]
public sealed class SinkMetricsCollection;

/// <summary>Runs alone (the meter is process-wide) so the recorded values are exactly this test's.</summary>
[Collection(nameof(SinkMetricsTests))]
public sealed class SinkMetricsTests
{
    [Fact]
    public async Task Writes_retries_and_latency_are_published_on_the_StreamAe_Sink_meter()
    {
        var recorded = new ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == SinkMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => recorded.Enqueue((i.Name, v, ToDictionary(tags))));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => recorded.Enqueue((i.Name, v, ToDictionary(tags))));
        listener.Start();
        await using var server = new FakeInfluxServer(r => r.Index == 0 ? new FakeResponse(502) : FakeResponse.NoContent);
        await using (var output = new InfluxOutput(new InfluxOptions
        {
            Url = server.Url,
            ApiVersion = InfluxApiVersion.V2,
            Bucket = "b",
            BatchSize = 8,
            MaxDelayMs = 10,
            SendWhenIdle = false,
            InitialBackoffMs = 1,
            MaxBackoffMs = 5,
        }))
        {
            for (var i = 0; i < 8; i++)
            {
                await output.WriteAsync(TestData.Scored("s", "m", i, score: i == 3 ? double.NaN : null), null, null, CancellationToken.None);
            }
            await output.FlushAsync(CancellationToken.None);
        }

        Assert.Equal(8, Sum(recorded, "streamae_sink_written_points"));
        Assert.Equal(1, Sum(recorded, "streamae_sink_retries", ("class", "server_error")));
        Assert.Equal(1, Sum(recorded, "streamae_sink_batches", ("result", "written")));
        Assert.Equal(1, Sum(recorded, "streamae_sink_dropped_points", ("reason", "non_finite_field")));
        Assert.Single(recorded, r => r.Instrument == "streamae_sink_write_seconds" && r.Value > 0);
        Assert.All(recorded, r => Assert.Equal("influx_v2", r.Tags["output"]));
    }

    private static double Sum(IEnumerable<(string Instrument, double Value, Dictionary<string, object?> Tags)> recorded, string instrument, (string Key, string Value)? tag = null) =>
        recorded.Where(r => r.Instrument == instrument && (tag is null || Equals(r.Tags.GetValueOrDefault(tag.Value.Key), tag.Value.Value)))
            .Sum(r => r.Value);

    private static Dictionary<string, object?> ToDictionary(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var dictionary = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            dictionary[tag.Key] = tag.Value;
        }
        return dictionary;
    }
}
