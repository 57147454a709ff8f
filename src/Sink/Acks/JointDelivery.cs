using StreamAe.Contracts;

namespace StreamAe.Sink.Acks;

/// <summary>
/// Counts down the outputs that still have to write a window; the last one to finish acknowledges the window
/// upstream, exactly once.
/// </summary>
internal sealed class JointDelivery(IDeliveryToken upstream, int outputs) : IDeliveryToken
{
    private int _remaining = outputs;

    public void Delivered()
    {
        var remaining = Interlocked.Decrement(ref _remaining);
        if (remaining == 0)
        {
            upstream.Delivered();
        }
        else if (remaining < 0)
        {
            throw new InvalidOperationException("An output acknowledged the same window twice.");
        }
    }
}
