using StreamAe.Contracts;
using StreamAe.Ingest.Commit;
using StreamAe.Ingest.Windowing;

namespace StreamAe.Ingest.Tests.Commit;

/// <summary>What the Kafka source does with each emitted window: a delivery token from the tracker for the positions
/// the window depends on.</summary>
internal static class WindowTokens
{
    public static WindowEmitted From(OffsetTracker tracker, Action<Window> emit) => (window, positions) =>
    {
        window.Delivery = tracker.CreateWindowToken(positions);
        emit(window);
    };
}
