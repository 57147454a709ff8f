using System.Collections.Concurrent;
using StreamAe.Model.Data;

namespace StreamAe.Model.Jobs;

/// <summary>How a series file is cut into windows: 0 = take it from the data (UCR rows) or the model.</summary>
public readonly record struct WindowShape(int WindowLength, int Hop);

/// <summary>Reads a file into labelled windows for the jobs.</summary>
public delegate WindowSet WindowSetReader(string path, WindowShape shape);

/// <summary>
/// The labelled-window file formats the jobs read. UCR is built in; the Detector registers formats that need its
/// windowing (CSV series), so the jobs read them the same way the daemon windows a stream.
/// </summary>
public static class DataFormats
{
    public const string Ucr = "ucr";

    private static readonly ConcurrentDictionary<string, WindowSetReader> Readers =
        new(StringComparer.Ordinal) { [Ucr] = (path, _) => UcrReader.Read(path) };

    public static IReadOnlyList<string> Names => [.. Readers.Keys.Order(StringComparer.Ordinal)];

    public static void Register(string name, WindowSetReader reader) => Readers[name] = reader;

    public static WindowSet Read(string path, string format, WindowShape shape = default) =>
        Readers.TryGetValue(format, out var reader)
            ? reader(path, shape)
            : throw new ArgumentException($"format: '{format}' is not a format this job reads; use one of {string.Join(", ", Names)}.");
}
