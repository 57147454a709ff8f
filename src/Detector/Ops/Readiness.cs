namespace StreamAe.Detector.Ops;

/// <summary>What /readyz reports: ready once every pipeline has its model loaded and its sinks checked.</summary>
internal sealed class Readiness
{
    private readonly Dictionary<string, string?> _components = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Declares a component that must become ready; <paramref name="reason"/> says why it is not yet.</summary>
    public void NotReady(string component, string reason)
    {
        lock (_gate)
        {
            _components[component] = reason;
        }
    }

    public void Ready(string component)
    {
        lock (_gate)
        {
            _components[component] = null;
        }
    }

    public (bool Ready, IReadOnlyDictionary<string, string> Waiting) Snapshot()
    {
        lock (_gate)
        {
            var waiting = _components.Where(c => c.Value != null).ToDictionary(c => c.Key, c => c.Value!);
            return (_components.Count > 0 && waiting.Count == 0, waiting);
        }
    }
}
