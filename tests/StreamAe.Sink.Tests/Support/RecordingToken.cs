using StreamAe.Contracts;

namespace StreamAe.Sink.Tests.Support;

/// <summary>A delivery token that records how often it was acknowledged (and can run a check when it is).</summary>
internal sealed class RecordingToken(int id, Action<int>? onDelivered = null) : IDeliveryToken
{
    private int _count;

    public int Id { get; } = id;

    public int Count => Volatile.Read(ref _count);

    public void Delivered()
    {
        Interlocked.Increment(ref _count);
        onDelivered?.Invoke(Id);
    }
}
