using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace StreamAe.Contracts.Telemetry;

/// <summary>
/// The label sets of a counter or histogram known before anything is measured (a dead-letter reason, an output's
/// results), so that an exporter shows each at 0 from the start instead of only after its first measurement.
/// Declarations are kept, not measured: a listener started later still finds them, which an <c>Add(0)</c> made before
/// the listener started would not be. An instrument without declarations is taken to have no labels.
/// </summary>
public static class KnownSeries
{
    private static readonly ConditionalWeakTable<Instrument, List<KeyValuePair<string, object?>[]>> Declared = new();
    private static readonly ConditionalWeakTable<Instrument, string[]> LabelNames = new();

    /// <summary>Raised for every declaration, so an exporter already listening adds the series too.</summary>
    public static event Action<Instrument, KeyValuePair<string, object?>[]>? Added;

    /// <summary>Declares one label set of <paramref name="instrument"/>, tags in the order its measurements use.</summary>
    public static void Declare(Instrument instrument, params KeyValuePair<string, object?>[] tags)
    {
        var sets = Declared.GetOrCreateValue(instrument);
        lock (sets)
        {
            sets.Add(tags);
        }
        Added?.Invoke(instrument, tags);
    }

    /// <summary>Declares the label names of an instrument whose label values come later (e.g. each sink output).</summary>
    public static void DeclareLabels(Instrument instrument, params string[] names) => LabelNames.AddOrUpdate(instrument, names);

    /// <summary>The label names declared, or those of the first label set declared; null when none was.</summary>
    public static IReadOnlyList<string>? LabelsOf(Instrument instrument)
    {
        if (LabelNames.TryGetValue(instrument, out var names))
        {
            return names;
        }
        var sets = Of(instrument);
        return sets.Count == 0 ? null : [.. sets[0].Select(tag => tag.Key)];
    }

    /// <summary>Declares one series per value of a single label.</summary>
    public static void DeclareEach(Instrument instrument, string label, IEnumerable<string> values)
    {
        foreach (var value in values)
        {
            Declare(instrument, new KeyValuePair<string, object?>(label, value));
        }
    }

    /// <summary>The label sets declared so far; empty when the instrument carries no measurement labels.</summary>
    public static IReadOnlyList<KeyValuePair<string, object?>[]> Of(Instrument instrument)
    {
        if (!Declared.TryGetValue(instrument, out var sets))
        {
            return [];
        }
        lock (sets)
        {
            return [.. sets];
        }
    }
}
