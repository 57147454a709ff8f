using StreamAe.Contracts;

namespace StreamAe.Sink.Tests.Support;

internal static class TestData
{
    public const long BaseMs = 1_732_300_000_000;

    public static ScoredWindow Scored(string series, string model, int index, IDeliveryToken? token = null,
        double? score = null, bool anomaly = false, int length = 4, float[]? reconstruction = null)
    {
        var start = BaseMs + index * 1000L;
        var values = Enumerable.Range(0, length).Select(i => (float)(0.25 * i + index)).ToArray();
        var window = new Window
        {
            Series = series,
            StartMs = start,
            EndMs = start + (length - 1) * 8,
            Values = values,
            Length = length,
            Delivery = token,
        };
        return new ScoredWindow(window, model, score ?? (0.001 * index + 0.123456789012345), 0.5, anomaly, reconstruction);
    }

    public static string UniqueModel(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..24];
}
