namespace StreamAe.Model.Thresholds;

/// <summary>The reference's exact state as bytes, so that a restored reference decides bit for bit as the original:
/// the arrival ring in slot order, the refit counter and the fitted tail. The sorted copy is not written; sorting the
/// held errors gives it back exactly (equal errors are equal bits).</summary>
public sealed partial class ErrorReference
{
    public void WriteTo(BinaryWriter writer)
    {
        writer.Write7BitEncodedInt(Capacity);
        writer.Write7BitEncodedInt(_count);
        writer.Write7BitEncodedInt(_next);
        writer.Write(_addedSinceFit);
        writer.Write(_tailFitted);
        writer.Write(_tailStart);
        writer.Write(_tailShape);
        writer.Write(_tailScale);
        for (var i = 0; i < _count; i++)
        {
            writer.Write(_arrival[i]);
        }
    }

    /// <exception cref="InvalidDataException">the bytes do not describe a reference</exception>
    public static ErrorReference ReadFrom(BinaryReader reader)
    {
        var capacity = reader.Read7BitEncodedInt();
        var count = reader.Read7BitEncodedInt();
        var next = reader.Read7BitEncodedInt();
        if (capacity < 2 || capacity > 10_000_000 || count > capacity || next >= capacity || (count < capacity && next != count))
        {
            throw new InvalidDataException($"error reference of capacity {capacity}, count {count}, next {next}");
        }
        var reference = new ErrorReference(capacity)
        {
            _count = count,
            _next = next,
            _addedSinceFit = reader.ReadInt32(),
            _tailFitted = reader.ReadBoolean(),
            _tailStart = reader.ReadDouble(),
            _tailShape = reader.ReadDouble(),
            _tailScale = reader.ReadDouble(),
        };
        for (var i = 0; i < count; i++)
        {
            var error = reader.ReadSingle();
            if (float.IsNaN(error))
            {
                throw new InvalidDataException("error reference holds NaN");
            }
            reference._arrival[i] = error;
        }
        Array.Copy(reference._arrival, reference._sorted, count);
        Array.Sort(reference._sorted, 0, count);
        return reference;
    }
}
