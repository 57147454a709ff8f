using Xunit.Abstractions;

namespace StreamAe.IntegrationTests.Reliability;

/// <summary>Issue 10: passwords given on the command line never show in the daemon's log or its /metrics.</summary>
[Collection(DetectorCollection.Name)]
public sealed class SecretTests(TrainedModels models, ITestOutputHelper output)
{
    private const int Produced = 100;

    [Fact]
    public async Task Influx_and_Kafka_passwords_never_appear_in_the_output_or_the_metrics()
    {
        var influxPassword = "influx-" + Guid.NewGuid().ToString("N");
        var kafkaPassword = "kafka-" + Guid.NewGuid().ToString("N");
        using var rig = new ReliabilityRig(models, output);
        // The test InfluxDB runs without auth and accepts any credentials; librdkafka accepts sasl.password on a
        // PLAINTEXT connection and ignores it.
        var daemon = await rig.StartAsync("Sink:Influx:Username=reliability", $"Sink:Influx:Password={influxPassword}",
            $"Kafka:Settings:sasl.password={kafkaPassword}", "Logging:LogLevel:Default=Debug");
        await rig.ProduceAsync(0, Produced);
        var recovery = await rig.WaitForAllAsync(Produced, TimeSpan.FromSeconds(90), daemon);
        var pages = string.Join('\n', await daemon.GetAsync("/metrics"), await daemon.GetAsync("/healthz"), await daemon.GetAsync("/readyz"));
        var residentBytes = daemon.Probe.SampleResidentBytes();
        daemon.Process.Terminate();
        Assert.Equal(0, await daemon.Process.WaitForExitAsync(TimeSpan.FromSeconds(60)));

        var log = daemon.Process.Output;
        rig.Log($"checked {log.Length} characters of output and {pages.Length} of HTTP pages");
        Assert.Contains("sasl.password=***", log); // the setting is logged, masked
        foreach (var secret in new[] { influxPassword, kafkaPassword })
        {
            Assert.DoesNotContain(secret, log);
            Assert.DoesNotContain(secret, pages);
        }
        await rig.AssertExactlyOnceAsync("passwords set via --set (no fault)", Produced, recovery, residentBytes);
    }
}
