namespace StreamAe.Detector.Hosting;

/// <summary>What /readyz reports: ready once every pipeline has its model loaded and its sinks checked, and only while
/// every watched dependency (each consumer's broker connection, each sink output's writes) is fine.</summary>
public sealed class Readiness
{
    private readonly Dictionary<string, string?> _components = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<string?>> _watched = new(StringComparer.Ordinal);
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

    /// <summary>A dependency asked at every readiness check: <paramref name="problem"/> returns null while it is fine,
    /// else what is wrong.</summary>
    public void Watch(string component, Func<string?> problem)
    {
        lock (_gate)
        {
            _watched[component] = problem;
        }
    }

    public (bool Ready, IReadOnlyDictionary<string, string> Waiting) Snapshot()
    {
        lock (_gate)
        {
            var waiting = _components.Where(c => c.Value != null).ToDictionary(c => c.Key, c => c.Value!);
            foreach (var (component, problem) in _watched)
            {
                if (problem() is { } reason)
                {
                    waiting[component] = reason;
                }
            }
            return (_components.Count > 0 && waiting.Count == 0, waiting);
        }
    }
}
