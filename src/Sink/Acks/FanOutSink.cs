using StreamAe.Contracts;

namespace StreamAe.Sink.Acks;

/// <summary>
/// Writes everything to every output and acknowledges a window upstream only when all of them have it (a countdown
/// per window). Outputs are written in order, so a backed-up output slows the whole sink (backpressure).
/// </summary>
public sealed class FanOutSink : ISink
{
    private readonly IOutput[] _outputs;

    public FanOutSink(IReadOnlyList<IOutput> outputs)
    {
        if (outputs.Count == 0)
        {
            throw new ArgumentException("A sink needs at least one output.", nameof(outputs));
        }
        _outputs = [.. outputs];
    }

    public IReadOnlyList<IOutput> Outputs => _outputs;

    public async Task StartAsync(CancellationToken ct = default)
    {
        foreach (var output in _outputs)
        {
            await output.StartAsync(ct).ConfigureAwait(false);
        }
    }

    public ValueTask WriteAsync(ScoredWindow scored, CancellationToken ct = default) => WriteAsync(scored, null, ct);

    public ValueTask WriteAsync(ScoredWindow scored, AlertEvent? transition, CancellationToken ct = default) =>
        WriteToEveryOutputAsync(scored, transition, Share(scored.Window.Delivery), ct);

    /// <remarks>The outputs' shared countdown tells the observer, so timing the acknowledgement needs no token of its
    /// own; with an observer the countdown is used for a single output too.</remarks>
    public ValueTask WriteAsync(ScoredWindow scored, AlertEvent? transition, IAcknowledgementObserver observer,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(observer);
        var ack = scored.Window.Delivery is { } upstream
            ? new JointDelivery(upstream, _outputs.Length, observer, scored.Window.EndMs)
            : null;
        return WriteToEveryOutputAsync(scored, transition, ack, ct);
    }

    public async ValueTask WriteAsync(AlertEvent alert, CancellationToken ct = default)
    {
        foreach (var output in _outputs)
        {
            await output.WriteAsync(alert, null, ct).ConfigureAwait(false);
        }
    }

    public async ValueTask FlushAsync(CancellationToken ct = default)
    {
        foreach (var output in _outputs)
        {
            await output.FlushAsync(ct).ConfigureAwait(false);
        }
    }

    public async ValueTask InputIdleAsync(CancellationToken ct = default)
    {
        foreach (var output in _outputs)
        {
            await output.InputIdleAsync(ct).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<Exception>? failures = null;
        foreach (var output in _outputs)
        {
            try
            {
                await output.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                (failures ??= []).Add(e);
            }
        }
        if (failures is not null)
        {
            throw new AggregateException("Disposing the sink's outputs failed.", failures);
        }
    }

    private async ValueTask WriteToEveryOutputAsync(ScoredWindow scored, AlertEvent? transition, IDeliveryToken? ack,
        CancellationToken ct)
    {
        foreach (var output in _outputs)
        {
            await output.WriteAsync(scored, transition, ack, ct).ConfigureAwait(false);
        }
    }

    private IDeliveryToken? Share(IDeliveryToken? upstream) =>
        upstream is null || _outputs.Length == 1 ? upstream : new JointDelivery(upstream, _outputs.Length);
}
