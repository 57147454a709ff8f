using StreamAe.Contracts;

namespace StreamAe.Ingest.Windowing;

/// <summary>
/// Receives each window the windower completes, with the source positions of its samples (and of the sample just
/// before it); empty where samples carry no positions. The span is reused by the next window: whoever must hold
/// those positions (the source, for the window's delivery token) takes its hold before returning, while the series
/// buffer still holds them.
/// </summary>
public delegate void WindowEmitted(Window window, ReadOnlySpan<long> positions);
