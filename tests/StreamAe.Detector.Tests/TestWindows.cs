using StreamAe.Contracts;

namespace StreamAe.Detector.Tests;

internal static class TestWindows
{
    public static Window Make(string series, long endMs, int length = 4, float fill = 0f, IDeliveryToken? delivery = null) => new()
    {
        Series = series,
        StartMs = endMs - (length - 1) * 10,
        EndMs = endMs,
        Values = Enumerable.Repeat(fill, length).ToArray(),
        Length = length,
        Delivery = delivery,
    };
}
