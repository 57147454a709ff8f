using System.IO.Compression;

namespace StreamAe.Tools.Demo;

/// <summary>
/// Data sets shipped inside the executable (gzip'd embedded resources), addressed as <c>builtin:NAME</c> wherever a
/// command takes <c>--data</c>: the UCR ECG5000 beats (Chen et al. 2015, from PhysioNet's BIDMC CHF record chf07;
/// see docs/data.md), so the demo and a first deployment need no download.
/// </summary>
public static class BuiltinData
{
    public const string Prefix = "builtin:";

    public static readonly IReadOnlyList<string> Names = ["ecg5000-train", "ecg5000-test"];

    /// <summary>Returns a readable path for <paramref name="data"/>: the path itself, or the built-in data set
    /// written once to a per-user cache folder.</summary>
    public static string Resolve(string data)
    {
        if (!data.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return data;
        }
        var name = data[Prefix.Length..];
        if (!Names.Contains(name))
        {
            throw new ArgumentException($"unknown built-in data set '{name}'; available: {string.Join(", ", Names.Select(n => Prefix + n))}.");
        }
        var resource = $"StreamAe.Demo.{name.Replace("ecg5000-", "ecg5000_", StringComparison.Ordinal)}.tsv.gz";
        var cache = Path.Combine(Path.GetTempPath(), $"streamae-data-{Environment.UserName}");
        Directory.CreateDirectory(cache);
        var path = Path.Combine(cache, name + ".tsv");
        if (!File.Exists(path))
        {
            using var compressed = typeof(BuiltinData).Assembly.GetManifestResourceStream(resource)
                ?? throw new InvalidOperationException($"the executable lacks its embedded resource {resource}.");
            using var gzip = new GZipStream(compressed, CompressionMode.Decompress);
            var temporary = path + $".{Environment.ProcessId}.tmp";
            using (var file = File.Create(temporary))
            {
                gzip.CopyTo(file);
            }
            File.Move(temporary, path, overwrite: true);
        }
        return path;
    }
}
