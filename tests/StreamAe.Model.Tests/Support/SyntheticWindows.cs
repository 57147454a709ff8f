using System.Globalization;
using System.Text;
using StreamAe.Model.Data;

namespace StreamAe.Model.Tests.Support;

/// <summary>Small seeded data sets: noisy sine windows (normal) and spiky windows (anomalous).</summary>
internal static class SyntheticWindows
{
    public static float[] Sines(int count, int length, int seed)
    {
        var random = new Random(seed);
        var values = new float[count * length];
        for (var w = 0; w < count; w++)
        {
            var phase = random.NextDouble() * 2 * Math.PI;
            var amplitude = 0.8 + 0.4 * random.NextDouble();
            for (var t = 0; t < length; t++)
            {
                values[w * length + t] = (float)(amplitude * Math.Sin(2 * Math.PI * t / length * 2 + phase) + 0.05 * (random.NextDouble() - 0.5));
            }
        }
        return values;
    }

    /// <summary>A labelled set: <paramref name="normal"/> sines with label 1, then <paramref name="anomalous"/> sines with spikes, label 2.</summary>
    public static WindowSet Labelled(int normal, int anomalous, int length, int seed)
    {
        var values = Sines(normal + anomalous, length, seed);
        var random = new Random(seed + 1);
        for (var w = normal; w < normal + anomalous; w++)
        {
            for (var spike = 0; spike < 3; spike++)
            {
                values[w * length + random.Next(length)] += 3f;
            }
        }
        double[] labels = [.. Enumerable.Repeat(1.0, normal), .. Enumerable.Repeat(2.0, anomalous)];
        return new WindowSet(values, labels, length, 1, "synthetic");
    }

    /// <summary>Writes a set in the UCR layout (tab-separated, %.8g-style numbers).</summary>
    public static string WriteUcr(WindowSet set, string path)
    {
        var text = new StringBuilder();
        for (var i = 0; i < set.Count; i++)
        {
            text.Append(set.Labels[i].ToString(CultureInfo.InvariantCulture));
            foreach (var value in set.Window(i))
            {
                text.Append('\t').Append(value.ToString("G8", CultureInfo.InvariantCulture));
            }
            text.Append('\n');
        }
        File.WriteAllText(path, text.ToString());
        return path;
    }
}
