using Microsoft.Extensions.Logging;
using StreamAe.Ingest.Source;

namespace StreamAe.Ingest.Tests.Source;

public sealed class RepeatedErrorLogTests
{
    [Fact]
    public void A_burst_of_the_same_error_is_one_line_and_the_next_line_counts_what_was_held_back()
    {
        var clock = new SteppedClock();
        var logger = new RecordingLogger();
        var log = new RepeatedErrorLog(logger, "Kafka consumer", TimeSpan.FromSeconds(30), clock);

        for (var i = 0; i < 138; i++)
        {
            log.Report("Local_Transport", "Connection refused");
            clock.Advance(TimeSpan.FromMilliseconds(50));
        }
        log.Report("Local_AllBrokersDown", "1/1 brokers are down");
        clock.Advance(TimeSpan.FromSeconds(30));
        log.Report("Local_Transport", "Connection refused");

        Assert.Equal(
        [
            "Kafka consumer: Connection refused",
            "Kafka consumer: 1/1 brokers are down",
            "Kafka consumer: Connection refused (137 more like it in the last 30 s)",
        ], logger.Lines);
    }

    private sealed class SteppedClock : TimeProvider
    {
        private DateTimeOffset _now = DateTimeOffset.UnixEpoch;

        public void Advance(TimeSpan by) => _now += by;

        public override DateTimeOffset GetUtcNow() => _now;
    }

    private sealed class RecordingLogger : ILogger
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception));
    }
}
