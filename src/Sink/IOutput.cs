using StreamAe.Contracts;
using StreamAe.Sink.Telemetry;

namespace StreamAe.Sink;

/// <summary>
/// One destination (InfluxDB, Kafka alerts topic, file). It calls <c>ack.Delivered()</c> exactly once, after what it
/// was given is durably written (or deliberately dropped and counted); never before, and never for data it lost.
/// </summary>
public interface IOutput : IAsyncDisposable
{
    string Name { get; }

    OutputStats Stats { get; }

    /// <summary>Checks the destination is reachable and usable; throws with a clear message when it is not.</summary>
    Task StartAsync(CancellationToken ct);

    /// <summary>A scored window and the alert transition it caused (if any), acknowledged together.</summary>
    ValueTask WriteAsync(ScoredWindow scored, AlertEvent? transition, IDeliveryToken? ack, CancellationToken ct);

    /// <summary>An alert transition that no window carries (e.g. closed on shutdown or timeout).</summary>
    ValueTask WriteAsync(AlertEvent alert, IDeliveryToken? ack, CancellationToken ct);

    /// <summary>Completes when everything written before the call is durable (or dropped and counted).</summary>
    ValueTask FlushAsync(CancellationToken ct);

    /// <summary>Nothing more is coming right now: an output with a free writer may send what it holds rather than
    /// wait for a fuller batch.</summary>
    ValueTask InputIdleAsync(CancellationToken ct);
}
