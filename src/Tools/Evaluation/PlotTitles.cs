using ScottPlot;
using SkiaSharp;

namespace StreamAe.Tools.Evaluation;

/// <summary>
/// Keeps plot titles inside their figure: the font size shrinks (down to a floor) until the widest line fits, and a
/// line still too wide is shortened with an ellipsis. Widths are measured with the font ScottPlot draws titles in.
/// </summary>
public static class PlotTitles
{
    public const float SmallestSize = 9;

    /// <summary>Room left for a title: the panel less a margin on each side.</summary>
    public static float Room(int panelWidth) => panelWidth - 24;

    /// <summary>The largest size up to <paramref name="preferred"/> at which every title's lines fit.</summary>
    public static float FittingSize(IEnumerable<string> titles, int panelWidth, float preferred)
    {
        var lines = titles.SelectMany(t => t.Split('\n')).ToList();
        for (var size = preferred; size > SmallestSize; size -= 0.5f)
        {
            if (lines.All(line => Width(line, size) <= Room(panelWidth)))
            {
                return size;
            }
        }
        return SmallestSize;
    }

    /// <summary>The title with each line shortened (ellipsis) where it does not fit at <paramref name="size"/>.</summary>
    public static string Fit(string title, int panelWidth, float size) =>
        string.Join('\n', title.Split('\n').Select(line => Shorten(line, Room(panelWidth), size)));

    public static float Width(string text, float size)
    {
        using var typeface = SKTypeface.FromFamilyName(Fonts.Default, SKFontStyle.Bold);
        using var font = new SKFont(typeface, size);
        return font.MeasureText(text);
    }

    private static string Shorten(string line, float room, float size)
    {
        if (Width(line, size) <= room)
        {
            return line;
        }
        var kept = line.Length;
        while (kept > 1 && Width(line[..kept] + "…", size) > room)
        {
            kept--;
        }
        return line[..kept] + "…";
    }
}
