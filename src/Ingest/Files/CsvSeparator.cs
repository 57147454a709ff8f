namespace StreamAe.Ingest.Files;

/// <summary>Finds a CSV file's separator from its header row.</summary>
public static class CsvSeparator
{
    /// <summary>The separators detection chooses from, in the order that breaks ties.</summary>
    public static IReadOnlyList<char> Candidates { get; } = [',', ';', '\t'];

    /// <summary>The candidate found most often outside double quotes in the header; ',' when none is (one column).</summary>
    public static char Detect(string header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var counts = new int[Candidates.Count];
        var quoted = false;
        foreach (var c in header)
        {
            quoted ^= c == '"';
            var candidate = quoted ? -1 : IndexOf(c);
            if (candidate >= 0)
            {
                counts[candidate]++;
            }
        }
        var best = 0;
        for (var i = 1; i < counts.Length; i++)
        {
            best = counts[i] > counts[best] ? i : best;
        }
        return Candidates[best];
    }

    /// <summary>How a separator is written in messages (a tab is invisible).</summary>
    public static string Describe(char separator) => separator == '\t' ? "tab" : $"'{separator}'";

    private static int IndexOf(char c)
    {
        for (var i = 0; i < Candidates.Count; i++)
        {
            if (Candidates[i] == c)
            {
                return i;
            }
        }
        return -1;
    }
}
