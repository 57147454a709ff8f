namespace StreamAe.Model.Thresholds;

/// <summary>The rolling window's exact state as bytes: its settings and the arrival ring in slot order (sorting the
/// held scores gives the sorted copy back exactly).</summary>
public sealed partial class RollingQuantileThreshold
{
    public void WriteTo(BinaryWriter writer)
    {
        writer.Write7BitEncodedInt(WindowSize);
        writer.Write(Parameter);
        writer.Write(_useMad);
        writer.Write7BitEncodedInt(MinimumCount);
        writer.Write(LearnFromAnomalies);
        writer.Write7BitEncodedInt(_count);
        writer.Write7BitEncodedInt(_next);
        for (var i = 0; i < _count; i++)
        {
            writer.Write(_arrival[i]);
        }
    }

    /// <exception cref="InvalidDataException">the bytes do not describe a rolling threshold</exception>
    public static RollingQuantileThreshold ReadFrom(BinaryReader reader)
    {
        var windowSize = reader.Read7BitEncodedInt();
        var parameter = reader.ReadDouble();
        var useMad = reader.ReadBoolean();
        var minimumCount = reader.Read7BitEncodedInt();
        var learnFromAnomalies = reader.ReadBoolean();
        var count = reader.Read7BitEncodedInt();
        var next = reader.Read7BitEncodedInt();
        if (windowSize < 2 || windowSize > 10_000_000 || minimumCount < 1 || minimumCount > windowSize || count > windowSize || next >= windowSize
            || (count < windowSize && next != count) || !double.IsFinite(parameter))
        {
            throw new InvalidDataException($"rolling threshold of window {windowSize}, count {count}, next {next}");
        }
        var rolling = new RollingQuantileThreshold(windowSize, parameter, useMad, minimumCount, learnFromAnomalies)
        {
            _count = count,
            _next = next,
        };
        for (var i = 0; i < count; i++)
        {
            var score = reader.ReadDouble();
            if (!double.IsFinite(score))
            {
                throw new InvalidDataException("rolling threshold holds a non-finite score");
            }
            rolling._arrival[i] = score;
        }
        Array.Copy(rolling._arrival, rolling._sorted, count);
        Array.Sort(rolling._sorted, 0, count);
        return rolling;
    }
}
