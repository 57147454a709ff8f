using StreamAe.Sink.Influx;

namespace StreamAe.Sink.Tests.Influx;

public sealed class InfluxServerVersionTests
{
    [Theory]
    [InlineData("1.6.7~rc0", 1, 6)]
    [InlineData("v2.7.11", 2, 7)]
    [InlineData("3.0.1", 3, 0)]
    [InlineData("1.8.10", 1, 8)]
    public void The_ping_header_is_read_in_each_servers_spelling(string header, int major, int minor)
    {
        var version = InfluxServerVersion.Parse(header)!;

        Assert.Equal((major, minor), (version.Major, version.Minor));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("unknown")]
    public void A_missing_or_unreadable_header_is_no_version(string? header) => Assert.Null(InfluxServerVersion.Parse(header));

    [Fact]
    public void Only_a_v2_api_configured_against_a_server_without_one_is_a_mismatch()
    {
        Assert.NotNull(InfluxServerVersion.Parse("1.6.7")!.Mismatch(InfluxApiVersion.V2, "http://h:8086"));
        Assert.Null(InfluxServerVersion.Parse("1.8.10")!.Mismatch(InfluxApiVersion.V2, "http://h:8086"));
        Assert.Null(InfluxServerVersion.Parse("1.6.7")!.Mismatch(InfluxApiVersion.V1, "http://h:8086"));
        Assert.Null(InfluxServerVersion.Parse("v2.7.11")!.Mismatch(InfluxApiVersion.V1, "http://h:8086"));
    }
}
