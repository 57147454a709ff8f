using System.Text;
using StreamAe.Sink.Influx;
using StreamAe.Sink.Points;
using StreamAe.Sink.Tests.Support;

namespace StreamAe.Sink.Tests.Influx;

public sealed class InfluxV1RequestTests
{
    [Fact]
    public async Task V1_uses_basic_auth_database_retention_policy_and_precision()
    {
        await using var server = new FakeInfluxServer(_ => FakeResponse.NoContent);
        var options = V1Options(server);
        await using (var output = new InfluxOutput(options))
        {
            await output.WriteAsync(TestData.Scored("s", "m", 1), null, null, CancellationToken.None);
        }

        var write = Assert.Single(server.Writes);
        Assert.Equal("/write", write.Path);
        Assert.Equal(new Dictionary<string, string> { ["db"] = "scores db", ["rp"] = "week", ["precision"] = "ns" }, write.Query);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("writer:p@ss:word")), write.Authorization);
        Assert.Null(write.ContentEncoding);
    }

    [Fact]
    public async Task V1_can_send_credentials_as_query_parameters()
    {
        await using var server = new FakeInfluxServer(_ => FakeResponse.NoContent);
        var options = V1Options(server);
        options.CredentialsInQuery = true;
        await using (var output = new InfluxOutput(options))
        {
            await output.WriteAsync(TestData.Scored("s", "m", 1), null, null, CancellationToken.None);
        }

        var write = Assert.Single(server.Writes);
        Assert.Equal(("writer", "p@ss:word"), (write.Query["u"], write.Query["p"]));
        Assert.Null(write.Authorization);
    }

    private static InfluxOptions V1Options(FakeInfluxServer server) => new()
    {
        Url = server.Url,
        Database = "scores db",
        RetentionPolicy = "week",
        Username = "writer",
        Password = "p@ss:word",
        Precision = TimestampPrecision.Nanoseconds,
        Gzip = false,
        MaxDelayMs = 10,
    };
}
