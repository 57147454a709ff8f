namespace StreamAe.Detector.Decision.State;

/// <summary>Where series states are kept: a compacted Kafka topic (<see cref="KafkaChangelog"/>), or memory in tests.</summary>
public interface IChangelog
{
    int Partitions { get; }

    /// <summary>Queues one series' state for a changelog partition; <paramref name="written"/> reports, later and on
    /// another thread, whether it is durable. Records of one partition become durable in the order written.</summary>
    void Write(int partition, string series, byte[] value, Action<bool> written);

    /// <summary>The latest value of every series in the partitions (deleted series left out), read within
    /// <paramref name="timeout"/>; <c>Complete</c> is false when the time ran out first.</summary>
    (IReadOnlyDictionary<string, byte[]> Latest, bool Complete) Read(IReadOnlyCollection<int> partitions, TimeSpan timeout);

    /// <summary>Waits (at most <paramref name="timeout"/>) until every queued record is durable or failed.</summary>
    void Flush(TimeSpan timeout);
}
