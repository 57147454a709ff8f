using StreamAe.TestSupport.Influx;
using Xunit.Abstractions;

namespace StreamAe.IntegrationTests.Reliability;

/// <summary>
/// Issue 10: passwords given on the command line or in <c>STREAMAE__*</c> environment variables take effect and never
/// show in the daemon's log or its HTTP pages.
/// </summary>
[Collection(DetectorCollection.Name)]
public sealed class SecretTests(TrainedModels models, ITestOutputHelper output)
{
    private const int Produced = 100;
    private const string InfluxUser = "streamae";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Influx_and_Kafka_passwords_take_effect_and_never_appear_in_the_output_or_the_pages(bool viaEnvironment)
    {
        var influxPassword = "influx-" + Guid.NewGuid().ToString("N");
        var kafkaPassword = "kafka-" + Guid.NewGuid().ToString("N");
        // InfluxDB refuses every write without this user's password, so the points prove the password was used.
        // librdkafka accepts sasl.password on a PLAINTEXT connection and ignores it; the masked key in the log proves it arrived.
        using var rig = new ReliabilityRig(models, output, InfluxFixture.StartWithAuthentication(InfluxUser, influxPassword));
        var secrets = new Dictionary<string, string>
        {
            ["Sink:Influx:Username"] = InfluxUser,
            ["Sink:Influx:Password"] = influxPassword,
            ["Kafka:Settings:sasl.password"] = kafkaPassword,
            ["Logging:LogLevel:Default"] = "Debug",
        };
        var daemon = viaEnvironment
            ? await rig.StartAsync(secrets.ToDictionary(s => "STREAMAE__" + s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value))
            : await rig.StartAsync(secrets.Select(s => $"{s.Key}={s.Value}").ToArray());
        await rig.ProduceAsync(0, Produced);
        var recovery = await rig.WaitForAllAsync(Produced, TimeSpan.FromSeconds(90), daemon);
        var pages = string.Join('\n', await daemon.GetAsync("/metrics"), await daemon.GetAsync("/healthz"), await daemon.GetAsync("/readyz"));
        var residentBytes = daemon.Probe.SampleResidentBytes();
        daemon.Process.Terminate();
        Assert.Equal(0, await daemon.Process.WaitForExitAsync(TimeSpan.FromSeconds(60)));

        var log = daemon.Process.Output;
        rig.Log($"checked {log.Length} characters of output and {pages.Length} of HTTP pages");
        Assert.Contains("sasl.password=***", log);
        Assert.Contains("dbug:", log, StringComparison.Ordinal); // the debug level (set with the secrets) took effect too
        foreach (var secret in new[] { influxPassword, kafkaPassword })
        {
            Assert.DoesNotContain(secret, log);
            Assert.DoesNotContain(secret, pages);
        }
        await rig.AssertExactlyOnceAsync($"passwords set via {(viaEnvironment ? "STREAMAE__ environment variables" : "--set")} (no fault)",
            Produced, recovery, residentBytes);
    }
}
