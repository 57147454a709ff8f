using System.Net;
using System.Net.Sockets;
using StreamAe.Sink.Influx;

namespace StreamAe.Sink.Tests.Influx;

public sealed class InfluxResponseClassifierTests
{
    [Theory]
    [InlineData(200, WriteOutcomeKind.Written)]
    [InlineData(204, WriteOutcomeKind.Written)]
    [InlineData(429, WriteOutcomeKind.Throttled)]
    [InlineData(503, WriteOutcomeKind.Throttled)]
    [InlineData(500, WriteOutcomeKind.Transient)]
    [InlineData(502, WriteOutcomeKind.Transient)]
    [InlineData(504, WriteOutcomeKind.Transient)]
    [InlineData(401, WriteOutcomeKind.Transient)]
    [InlineData(404, WriteOutcomeKind.Transient)]
    [InlineData(413, WriteOutcomeKind.TooLarge)]
    [InlineData(400, WriteOutcomeKind.Rejected)]
    [InlineData(422, WriteOutcomeKind.Rejected)]
    internal void Status_codes_map_to_one_action_each(int status, WriteOutcomeKind expected)
    {
        var outcome = InfluxResponseClassifier.Classify((HttpStatusCode)status, null, "", 10);

        Assert.Equal(expected, outcome.Kind);
    }

    [Fact]
    public void Throttling_carries_the_servers_retry_after()
    {
        var outcome = InfluxResponseClassifier.Classify(HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(7), "", 10);

        Assert.Equal(TimeSpan.FromSeconds(7), outcome.RetryAfter);
    }

    [Theory]
    [InlineData("{\"error\":\"partial write: field type conflict: input field \\\"score\\\" on measurement \\\"streamae_score\\\" is type string, already exists as type float dropped=3\"}", 3)]
    [InlineData("{\"error\":\"unable to parse 'a b': invalid field format\\nunable to parse 'c d': invalid field format\"}", 2)]
    [InlineData("{\"error\":\"something else\"}", 10)]
    [InlineData("partial write: dropped=99", 10)]
    public void Rejected_points_are_counted_from_the_servers_message(string body, int expected)
    {
        Assert.Equal(expected, InfluxResponseClassifier.Classify(HttpStatusCode.BadRequest, null, body, 10).RejectedPoints);
    }

    [Fact]
    public void Timeouts_and_refused_connections_are_transient()
    {
        var refused = new HttpRequestException("refused", new SocketException((int)SocketError.ConnectionRefused));

        Assert.Equal(("timeout", WriteOutcomeKind.Transient), Pick(InfluxResponseClassifier.Classify(new TaskCanceledException("timed out"))));
        Assert.Equal(("connection", WriteOutcomeKind.Transient), Pick(InfluxResponseClassifier.Classify(refused)));
    }

    private static (string, WriteOutcomeKind) Pick(WriteOutcome outcome) => (outcome.RetryClass, outcome.Kind);
}
