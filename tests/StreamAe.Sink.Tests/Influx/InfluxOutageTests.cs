using System.Collections.Concurrent;
using StreamAe.Sink.Influx;
using StreamAe.Sink.Tests.Support;
using StreamAe.TestSupport.Influx;
using StreamAe.TestSupport.Time;

namespace StreamAe.Sink.Tests.Influx;

/// <summary>InfluxDB goes away mid-stream and comes back: nothing lost, nothing duplicated, nothing acked early.</summary>
public sealed class InfluxOutageTests(InfluxFixture influx) : IClassFixture<InfluxFixture>
{
    [Fact]
    public async Task Every_point_arrives_exactly_once_and_none_is_acknowledged_while_influx_is_down()
    {
        const int total = 600;
        var model = TestData.UniqueModel("outage");
        var acknowledged = new ConcurrentDictionary<int, int>();
        var tokens = Enumerable.Range(0, total)
            .Select(i => new RecordingToken(i, id => acknowledged.AddOrUpdate(id, 1, (_, n) => n + 1)))
            .ToArray();
        var options = new InfluxOptions
        {
            Url = influx.Url.ToString(),
            Database = influx.Database,
            BatchSize = 25,
            MaxDelayMs = 10,
            MaxInFlightBatches = 2,
            InitialBackoffMs = 20,
            MaxBackoffMs = 200,
            RequestTimeoutMs = 2000,
        };
        await using var output = new InfluxOutput(options);
        await output.StartAsync(CancellationToken.None);

        for (var i = 0; i < total / 3; i++)
        {
            await output.WriteAsync(TestData.Scored("s", model, i), null, tokens[i], CancellationToken.None);
        }
        influx.Stop();
        // A response that was already on its way may still be processed; after that nothing can be written.
        await Task.Delay(1000);
        var ackedWhenStopped = acknowledged.Count;
        var writing = Task.Run(async () =>
        {
            for (var i = total / 3; i < total; i++)
            {
                await output.WriteAsync(TestData.Scored("s", model, i), null, tokens[i], CancellationToken.None);
            }
        });
        // Down long enough for three more failed attempts, whatever the machine's speed: none may acknowledge anything.
        var retriesWhenStopped = output.Stats.Retries;
        await Eventually.Until(() => output.Stats.Retries >= retriesWhenStopped + 3, "three retries while InfluxDB is down", timeoutSeconds: 30);
        var ackedWhileDown = acknowledged.Count;
        influx.Start();
        await writing.WaitAsync(TimeSpan.FromSeconds(30));
        await output.FlushAsync(CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ackedWhenStopped, ackedWhileDown);
        Assert.True(ackedWhenStopped < total, "The outage must hit windows that were not yet acknowledged.");
        Assert.Equal(total, acknowledged.Count);
        Assert.All(acknowledged.Values, n => Assert.Equal(1, n));
        var rows = await influx.QueryRowsAsync($"SELECT score FROM streamae_score WHERE model = '{model}'");
        Assert.Equal(total, rows.Count);
        Assert.Equal(
            Enumerable.Range(0, total).Select(i => TestData.Scored("s", model, i).Window.EndMs),
            rows.Select(r => r.Time).Order());
    }
}
