using StreamAe.Contracts;

namespace StreamAe.Sink.Acks;

/// <summary>
/// Counts down the outputs that still have to write a window; the last one to finish tells the observer, if any,
/// and acknowledges the window upstream, exactly once.
/// </summary>
internal sealed class JointDelivery(IDeliveryToken upstream, int outputs, IAcknowledgementObserver? observer = null,
    long windowEndMs = 0) : IDeliveryToken
{
    private int _remaining = outputs;

    public void Delivered()
    {
        var remaining = Interlocked.Decrement(ref _remaining);
        if (remaining == 0)
        {
            observer?.Acknowledged(windowEndMs);
            upstream.Delivered();
        }
        else if (remaining < 0)
        {
            throw new InvalidOperationException("An output acknowledged the same window twice.");
        }
    }
}
