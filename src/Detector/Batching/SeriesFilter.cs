using System.Text.RegularExpressions;
using StreamAe.Contracts;

namespace StreamAe.Detector.Batching;

/// <summary>
/// Routes by series: windows whose series id does not match are not this pipeline's to score. They are acknowledged
/// at once (nothing is owed for them, so their offsets may advance) and counted.
/// </summary>
public sealed class SeriesFilter(string pattern)
{
    private readonly Regex _pattern = new(pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(50));
    private readonly Dictionary<string, bool> _seen = new(StringComparer.Ordinal);

    public bool Accepts(Window window)
    {
        if (!_seen.TryGetValue(window.Series, out var accepted))
        {
            accepted = _pattern.IsMatch(window.Series);
            if (_seen.Count < 100_000)
            {
                _seen[window.Series] = accepted;
            }
        }
        if (!accepted)
        {
            BatchingMetrics.WindowsNotRouted.Add(1);
            window.Delivery?.Delivered();
        }
        return accepted;
    }
}
