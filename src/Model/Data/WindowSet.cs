namespace StreamAe.Model.Data;

/// <summary>
/// Labelled fixed-length windows held in one flat array (count × W × C, sample-major), as training and evaluation
/// read them. <see cref="Labels"/> are the file's class labels; <see cref="Sha256"/> identifies the source bytes.
/// </summary>
public sealed class WindowSet
{
    public WindowSet(float[] values, double[] labels, int windowLength, int channels, string sha256)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(labels);
        if (values.Length != labels.Length * windowLength * channels)
        {
            throw new ArgumentException($"{values.Length} values do not make {labels.Length} windows of {windowLength}×{channels}.");
        }
        Values = values;
        Labels = labels;
        WindowLength = windowLength;
        Channels = channels;
        Sha256 = sha256;
    }

    public float[] Values { get; }
    public double[] Labels { get; }
    public int WindowLength { get; }
    public int Channels { get; }
    public string Sha256 { get; }
    public int Count => Labels.Length;
    public int WindowSize => WindowLength * Channels;

    public ReadOnlySpan<float> Window(int index) => Values.AsSpan(index * WindowSize, WindowSize);

    /// <summary>True for every window whose label is not <paramref name="normalLabel"/>.</summary>
    public bool[] AnomalousFlags(double normalLabel) => Labels.Select(label => label != normalLabel).ToArray();

    /// <summary>The windows at <paramref name="indices"/>, in that order, as one flat array.</summary>
    public float[] Gather(IReadOnlyList<int> indices)
    {
        var result = new float[indices.Count * WindowSize];
        for (var i = 0; i < indices.Count; i++)
        {
            Window(indices[i]).CopyTo(result.AsSpan(i * WindowSize, WindowSize));
        }
        return result;
    }
}
