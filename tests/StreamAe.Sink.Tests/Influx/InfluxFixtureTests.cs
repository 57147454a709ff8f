using StreamAe.TestSupport.Influx;

namespace StreamAe.Sink.Tests.Influx;

public sealed class InfluxFixtureTests
{
    [Fact]
    public void A_missing_influxd_is_a_clear_failure()
    {
        var failure = Assert.Throws<InvalidOperationException>(() => InfluxFixture.StartNew("/nonexistent/influxd"));

        Assert.Contains("/nonexistent/influxd", failure.Message, StringComparison.Ordinal);
        Assert.Contains("influxdb", failure.Message, StringComparison.Ordinal);
    }
}
