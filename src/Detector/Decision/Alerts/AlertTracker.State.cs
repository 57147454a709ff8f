namespace StreamAe.Detector.Decision.Alerts;

/// <summary>A series' alert state as bytes (for the state changelog): debounce counters, the open alert and its run.</summary>
public sealed partial class AlertTracker
{
    /// <summary>Writes the series' state; false when it holds none (no anomalous run pending, no alert open).</summary>
    public bool TryWriteSeries(string series, BinaryWriter writer)
    {
        if (!_series.TryPeek(series, out var state))
        {
            return false;
        }
        writer.Write(state.Open);
        writer.Write7BitEncodedInt(state.AnomalousRun);
        writer.Write7BitEncodedInt(state.NormalRun);
        writer.Write(state.RunStartMs);
        writer.Write(state.LastEndMs);
        writer.Write(state.PeakScore);
        writer.Write7BitEncodedInt(state.Windows);
        writer.Write(state.Model);
        return true;
    }

    /// <summary>Replaces the series' state with one written by <see cref="TryWriteSeries"/>, or with none when
    /// <paramref name="reader"/> is null. Returns the change in open alerts (−1, 0 or +1).</summary>
    /// <exception cref="InvalidDataException">the bytes are not a series' alert state</exception>
    public int RestoreSeries(string series, BinaryReader? reader)
    {
        var wasOpen = _series.TryPeek(series, out var old) && old.Open;
        _series.Remove(series);
        var restored = reader is null ? null : new SeriesState
        {
            Open = reader.ReadBoolean(),
            AnomalousRun = reader.Read7BitEncodedInt(),
            NormalRun = reader.Read7BitEncodedInt(),
            RunStartMs = reader.ReadInt64(),
            LastEndMs = reader.ReadInt64(),
            PeakScore = reader.ReadDouble(),
            Windows = reader.Read7BitEncodedInt(),
            Model = reader.ReadString(),
        };
        var isOpen = restored is not null && _series.TryAdd(series, restored) && restored.Open;
        var change = (isOpen ? 1 : 0) - (wasOpen ? 1 : 0);
        OpenAlerts += change;
        return change;
    }
}
