using StreamAe.Model.Data;

namespace StreamAe.Model.Jobs;

/// <summary>The labelled-window file formats the jobs read (CSV series arrive through the Detector's windower instead).</summary>
public static class DataFormats
{
    public const string Ucr = "ucr";

    public static readonly IReadOnlyList<string> Names = [Ucr];

    public static WindowSet Read(string path, string format) => format switch
    {
        Ucr => UcrReader.Read(path),
        _ => throw new ArgumentException($"format: '{format}' is not a labelled-window format this job reads; use one of {string.Join(", ", Names)}."),
    };
}
