using System.Globalization;
using Confluent.Kafka;

namespace StreamAe.Tools.Bench;

/// <summary>
/// The bare-consumer ceiling around a series of daemon drains of one backlog. Before the first drain and after each,
/// a bare consumer with the daemon's settings reads the whole backlog twice: in librdkafka's batches (as the daemon
/// reads) and one message per Confluent.Kafka <c>Consume</c> call (as the daemon read when the ceiling target was
/// set). Each drain is held against the faster read of a kind on either side of it, and the ratio is the median over
/// the drains: a single read moved threefold between runs on a shared two-core box.
/// </summary>
internal sealed class CeilingReads
{
    private readonly Func<string, bool, double> _secondsToRead;
    private readonly long _messages;
    private readonly List<double> _batchSeconds = [];
    private readonly List<double> _consumeCallSeconds = [];

    public CeilingReads(ConsumerConfig daemonConfig, string topic, long messages)
        : this((groupSuffix, consumeCalls) => BareConsumer.SecondsToRead(daemonConfig, topic, messages, groupSuffix, consumeCalls), messages)
    {
    }

    /// <param name="secondsToRead">Seconds one read of the backlog took (group suffix, one Consume call a message?).</param>
    internal CeilingReads(Func<string, bool, double> secondsToRead, long messages)
    {
        _secondsToRead = secondsToRead;
        _messages = messages;
    }

    /// <summary>Reads the backlog both ways, each in a consumer group of its own.</summary>
    public void Read()
    {
        var round = _batchSeconds.Count;
        _batchSeconds.Add(_secondsToRead($"-batches-{round}", false));
        _consumeCallSeconds.Add(_secondsToRead($"-consume-{round}", true));
    }

    /// <summary>Both ceilings, and the daemon's drains against each; <paramref name="drainSeconds"/>[i] ran between
    /// reads i and i + 1.</summary>
    public IEnumerable<BenchFigure> Figures(string suite, IReadOnlyList<double> drainSeconds)
    {
        foreach (var (how, reads) in new[] { ("librdkafka batches", _batchSeconds), ("a Consume call a message", _consumeCallSeconds) })
        {
            var ratios = drainSeconds.Select((drain, i) => Faster(reads[i], reads[i + 1]) / drain).ToList();
            yield return new(suite, $"bare consumer, StreamAe's settings, reading {how}: samples/s (median of {reads.Count} reads)",
                _messages / Median(reads), $"samples/s (each: {Join(reads.Select(seconds => _messages / seconds), "N0")})");
            yield return new(suite, $"StreamAe / ceiling ({how}): drain, median over the drains", Median(ratios),
                $"ratio (each drain against the faster read around it: {Join(ratios, "F2")})");
        }
    }

    private static double Faster(double seconds, double otherSeconds) =>
        double.IsNaN(seconds) ? otherSeconds : double.IsNaN(otherSeconds) ? seconds : Math.Min(seconds, otherSeconds);

    /// <summary>The median of the values that are numbers (a read that did not finish is NaN).</summary>
    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        return sorted.Length == 0 ? double.NaN : (sorted[(sorted.Length - 1) / 2] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Join(IEnumerable<double> values, string format) =>
        string.Join(", ", values.Select(v => v.ToString(format, CultureInfo.InvariantCulture)));
}
