namespace StreamAe.Contracts;

/// <summary>
/// One fixed-length slice of one series: <see cref="Length"/> samples × <see cref="Channels"/> channels, stored
/// sample-major (all channels of sample 0, then sample 1, …) in <see cref="Values"/>.
/// </summary>
public sealed class Window
{
    public required string Series { get; init; }
    public required long StartMs { get; init; }
    public required long EndMs { get; init; }
    public required float[] Values { get; init; }
    public required int Length { get; init; }
    public int Channels { get; init; } = 1;

    /// <summary>Ground truth when the source carries it (replays, labelled files): true = anomalous.</summary>
    public bool? Label { get; init; }

    /// <summary>Cut from a source that was well behind (a Kafka partition past <c>Kafka:BacklogMessages</c>): more
    /// input is already waiting, so the batcher and the sinks let their batches fill rather than send at once; its
    /// latency is queueing time then, and fuller batches drain faster.</summary>
    public bool UnderBacklog { get; set; }

    /// <summary>The Kafka topic and partition the window was read from (its last sample's); null and -1 for other
    /// sources. Per-series state kept in a changelog follows the partition.</summary>
    public string? SourceTopic { get; set; }

    public int SourcePartition { get; set; } = -1;

    /// <summary>Which assignment of that partition to this daemon the window was read under (each gets a new number;
    /// -1 for other sources). A window read under an earlier one is stale: its partition was revoked meanwhile, and
    /// whoever owns it now reads it again from the committed offset.</summary>
    public int SourceAssignment { get; set; } = -1;

    /// <summary>Acknowledges the source positions this window depends on; null for offline sources.</summary>
    /// <remarks>Settable: the Kafka source sets it as the window leaves the windower, and the state journal wraps it
    /// (holding the acknowledgement until the series' snapshot is durable) without copying the window.</remarks>
    public IDeliveryToken? Delivery { get; set; }
}
