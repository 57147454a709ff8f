using System.Diagnostics;
using StreamAe.Sink.Influx;
using StreamAe.Sink.Tests.Support;
using StreamAe.TestSupport.Influx;

namespace StreamAe.Sink.Tests.Influx;

/// <summary>What an operator learns from the InfluxDB output against a real InfluxDB 1.6: the server's version when
/// the configured API does not fit it, and whether writes are failing right now (readiness).</summary>
public sealed class InfluxHealthTests(InfluxFixture influx) : IClassFixture<InfluxFixture>
{
    [Fact]
    public async Task A_v2_output_pointed_at_influxdb_1_6_says_which_version_answered_instead_of_a_missing_bucket()
    {
        await using var output = new InfluxOutput(new InfluxOptions
        {
            Url = influx.Url.ToString(), ApiVersion = InfluxApiVersion.V2, Bucket = "streamae", Token = "t", StartupTimeoutMs = 5000,
        });

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => output.StartAsync(CancellationToken.None));

        Assert.Matches(@"is version 1\.\d+\.\d+", failure.Message);
        Assert.Contains("Sink:Influx:ApiVersion=V1", failure.Message);
        Assert.DoesNotContain("bucket", failure.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Write_failure_is_reported_while_influx_is_down_and_cleared_once_a_write_succeeds()
    {
        var model = TestData.UniqueModel("health");
        await using var output = new InfluxOutput(new InfluxOptions
        {
            Url = influx.Url.ToString(), Database = influx.Database, MaxDelayMs = 10, InitialBackoffMs = 20, MaxBackoffMs = 200, RequestTimeoutMs = 2000,
        });
        await output.StartAsync(CancellationToken.None);
        await output.WriteAsync(TestData.Scored("s", model, 0), null, null, CancellationToken.None);
        await output.FlushAsync(CancellationToken.None);
        Assert.Null(output.Stats.WriteFailure);

        influx.Stop();
        try
        {
            await output.WriteAsync(TestData.Scored("s", model, 1), null, null, CancellationToken.None);
            await WaitUntilAsync(() => output.Stats.WriteFailure is not null, "the failing write to be reported");
            Assert.Contains("connect", output.Stats.WriteFailure, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            influx.Start();
        }
        await WaitUntilAsync(() => output.Stats.WriteFailure is null, "a successful write to clear the failure");
        await output.FlushAsync(CancellationToken.None);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"timed out waiting for {what}");
            await Task.Delay(20);
        }
    }
}
