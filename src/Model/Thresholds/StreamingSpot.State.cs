namespace StreamAe.Model.Thresholds;

/// <summary>SPOT's exact state as bytes, so that a restored instance decides bit for bit as the original: the excess
/// ring in slot order (the fit sums in that order), the counters, the fitted GPD and the DSPOT level ring.</summary>
public sealed partial class StreamingSpot
{
    public void WriteTo(BinaryWriter writer)
    {
        writer.Write(Risk);
        writer.Write7BitEncodedInt(Depth);
        writer.Write7BitEncodedInt(MaxPeaks);
        writer.Write(InitialThreshold);
        writer.Write7BitEncodedInt(_start);
        writer.Write7BitEncodedInt(_count);
        for (var i = 0; i < _count; i++)
        {
            writer.Write(_excesses[i]);
            writer.Write(_censored[i]);
            writer.Write7BitEncodedInt64(_positions[i]);
        }
        writer.Write7BitEncodedInt64(_observations);
        writer.Write7BitEncodedInt64(_droppedThrough);
        writer.Write7BitEncodedInt(_excessesSinceFit);
        writer.Write(_gpd.Gamma);
        writer.Write(_gpd.Sigma);
        writer.Write(_gpd.Estimator ?? "");
        writer.Write(_z);
        foreach (var value in _level)
        {
            writer.Write(value);
        }
        writer.Write7BitEncodedInt(_levelNext);
        writer.Write7BitEncodedInt(_levelUpdatesSinceResum);
        writer.Write(_levelSum);
        writer.Write7BitEncodedInt64(AnomalyCount);
    }

    /// <exception cref="InvalidDataException">the bytes do not describe a SPOT state</exception>
    public static StreamingSpot ReadFrom(BinaryReader reader)
    {
        var risk = reader.ReadDouble();
        var depth = reader.Read7BitEncodedInt();
        var maxPeaks = reader.Read7BitEncodedInt();
        var initialThreshold = reader.ReadDouble();
        var start = reader.Read7BitEncodedInt();
        var count = reader.Read7BitEncodedInt();
        if (!(risk > 0 && risk < 1) || depth < 0 || depth > 1_000_000 || maxPeaks < 2 || maxPeaks > 10_000_000
            || count > maxPeaks || start >= maxPeaks || (count < maxPeaks && start != 0) || !double.IsFinite(initialThreshold))
        {
            throw new InvalidDataException($"SPOT state of {count}/{maxPeaks} peaks from {start}, depth {depth}, risk {risk}");
        }
        var spot = new StreamingSpot(risk, depth, maxPeaks, initialThreshold) { _start = start, _count = count };
        for (var i = 0; i < count; i++)
        {
            spot._excesses[i] = reader.ReadDouble();
            spot._censored[i] = reader.ReadBoolean();
            spot._positions[i] = reader.Read7BitEncodedInt64();
            spot._censoredCount += spot._censored[i] ? 1 : 0;
        }
        spot._observations = reader.Read7BitEncodedInt64();
        spot._droppedThrough = reader.Read7BitEncodedInt64();
        spot._excessesSinceFit = reader.Read7BitEncodedInt();
        spot._gpd = new GpdParameters(reader.ReadDouble(), reader.ReadDouble(), reader.ReadString());
        spot._z = reader.ReadDouble();
        for (var i = 0; i < depth; i++)
        {
            spot._level[i] = reader.ReadDouble();
        }
        spot._levelNext = reader.Read7BitEncodedInt();
        spot._levelUpdatesSinceResum = reader.Read7BitEncodedInt();
        spot._levelSum = reader.ReadDouble();
        spot.AnomalyCount = reader.Read7BitEncodedInt64();
        if ((depth > 0 && spot._levelNext >= depth) || spot._droppedThrough > spot._observations)
        {
            throw new InvalidDataException("SPOT state counters out of range");
        }
        return spot;
    }
}
