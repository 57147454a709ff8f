using StreamAe.Detector.Decision.State;
using StreamAe.Model.Thresholds;

namespace StreamAe.Detector.Decision.Thresholds;

/// <summary>A series' threshold state as bytes (for the state changelog), exact enough that a restored series decides
/// bit for bit as it would have without the restart.</summary>
public sealed partial class SeriesThresholds
{
    /// <summary>Writes the series' state; false when it holds none (Static mode, a series not seen or over the limit).</summary>
    public bool TryWriteSeries(string series, BinaryWriter writer)
    {
        if (_mode == ThresholdMode.Static || !_series.TryPeek(series, out var state) || state.Model is not { } model)
        {
            return false;
        }
        writer.Write((byte)_mode);
        writer.Write(ModelFingerprint.Of(model));
        writer.Write7BitEncodedInt64(state.Seen);
        writer.Write(state.LastAnomalous);
        state.Reference!.WriteTo(writer);
        var pending = state.Pending ?? [];
        writer.Write7BitEncodedInt(pending.Count);
        foreach (var (seen, error) in pending)
        {
            writer.Write7BitEncodedInt64(seen);
            writer.Write(error);
        }
        writer.Write7BitEncodedInt(state.Calibration is null ? 0 : state.Calibration.Count + 1);
        foreach (var score in state.Calibration ?? [])
        {
            writer.Write(score);
        }
        writer.Write(state.Spot is not null);
        state.Spot?.WriteTo(writer);
        writer.Write(state.Rolling is not null);
        state.Rolling?.WriteTo(writer);
        return true;
    }

    /// <summary>
    /// Replaces the series' state with one written by <see cref="TryWriteSeries"/>. Returns null when restored, or why
    /// the state does not apply here (another mode, model or settings: the series then calibrates afresh).
    /// </summary>
    /// <exception cref="InvalidDataException">the bytes are not a series' threshold state</exception>
    public string? RestoreSeries(string series, BinaryReader reader, ModelReference model)
    {
        var mode = (ThresholdMode)reader.ReadByte();
        if (mode != _mode)
        {
            return $"written in threshold mode {mode}, running {_mode}";
        }
        if (reader.ReadUInt64() != ModelFingerprint.Of(model))
        {
            return $"learned against another model than '{model.Name}'";
        }
        var state = new SeriesState
        {
            Model = model,
            Seen = reader.Read7BitEncodedInt64(),
            LastAnomalous = reader.ReadBoolean(),
            Reference = ErrorReference.ReadFrom(reader),
        };
        if (state.Reference.Capacity != options.ReferenceWindows)
        {
            return $"kept {state.Reference.Capacity} reference windows, configured {options.ReferenceWindows}";
        }
        var pendingCount = ReadCount(reader);
        if (pendingCount > 0)
        {
            state.Pending = new Queue<(long, float)>(pendingCount);
            for (var i = 0; i < pendingCount; i++)
            {
                state.Pending.Enqueue((reader.Read7BitEncodedInt64(), reader.ReadSingle()));
            }
        }
        var calibrationCount = ReadCount(reader) - 1;
        if (calibrationCount >= 0)
        {
            state.Calibration = new List<double>(options.CalibrationWindows);
            for (var i = 0; i < calibrationCount; i++)
            {
                state.Calibration.Add(reader.ReadDouble());
            }
        }
        state.Spot = reader.ReadBoolean() ? StreamingSpot.ReadFrom(reader) : null;
        state.Rolling = reader.ReadBoolean() ? RollingQuantileThreshold.ReadFrom(reader) : null;
        if (state.Spot is { } spot && (spot.Risk != options.Risk || spot.Depth != options.Depth))
        {
            return $"SPOT of risk {spot.Risk} and depth {spot.Depth}, configured {options.Risk} and {options.Depth}";
        }
        if (state.Rolling is { } rolling && (rolling.WindowSize != options.RollingWindow || rolling.Parameter != options.RollingPercentile))
        {
            return $"rolling window of {rolling.WindowSize} at {rolling.Parameter} %, configured {options.RollingWindow} at {options.RollingPercentile} %";
        }
        return _series.TryReplace(series, state) ? null : $"over the limit of {options.MaxSeries} series";
    }

    /// <summary>Drops the series' state (its restored record said it had none, or was unusable).</summary>
    public void Forget(string series) => _series.Remove(series);

    private static int ReadCount(BinaryReader reader)
    {
        var count = reader.Read7BitEncodedInt();
        // A count beyond what the rest of the record could hold is corruption, not a reason to allocate.
        if (count < 0 || count > reader.BaseStream.Length - reader.BaseStream.Position + 1)
        {
            throw new InvalidDataException($"count {count} beyond the record");
        }
        return count;
    }
}
