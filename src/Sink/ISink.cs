using StreamAe.Contracts;
using StreamAe.Sink.Acks;

namespace StreamAe.Sink;

/// <summary>
/// What the Detector writes to: all configured outputs together. A window's <see cref="Window.Delivery"/> token is
/// acknowledged once every output has durably written the window's score point (and the alert transition passed
/// with it). Writes wait when the outputs are backed up (backpressure). Dispose drains.
/// </summary>
public interface ISink : IAsyncDisposable
{
    IReadOnlyList<IOutput> Outputs { get; }

    /// <summary>Runs each output's start-up check (reachability, credentials, database); throws on failure.</summary>
    Task StartAsync(CancellationToken ct = default);

    ValueTask WriteAsync(ScoredWindow scored, CancellationToken ct = default);

    /// <summary>A scored window plus the alert transition it caused; both must be durable before the ack.</summary>
    ValueTask WriteAsync(ScoredWindow scored, AlertEvent? transition, CancellationToken ct = default);

    /// <summary>As <see cref="WriteAsync(ScoredWindow, AlertEvent?, CancellationToken)"/>; once every output holds
    /// the window, <paramref name="observer"/> is told before the window's token is acknowledged (a window without
    /// a token is not observed).</summary>
    ValueTask WriteAsync(ScoredWindow scored, AlertEvent? transition, IAcknowledgementObserver observer,
        CancellationToken ct = default);

    /// <summary>An alert transition not tied to a window (closed on shutdown or timeout).</summary>
    ValueTask WriteAsync(AlertEvent alert, CancellationToken ct = default);

    ValueTask FlushAsync(CancellationToken ct = default);

    /// <summary>See <see cref="IOutput.InputIdleAsync"/>; passed to every output.</summary>
    ValueTask InputIdleAsync(CancellationToken ct = default);
}
