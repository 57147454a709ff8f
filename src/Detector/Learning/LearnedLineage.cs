using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace StreamAe.Detector.Learning;

/// <summary>One model a pipeline learned: what it learned from, when, and the stream position it took over at.</summary>
/// <param name="File">the model file, relative to the lineage's directory</param>
/// <param name="Reason"><c>warm-up</c> or <c>retrain</c></param>
/// <param name="ActivateAt">the window position (counted from its learner's start) it served from in the stream of the
/// daemon that learned it</param>
public sealed record LearnedVersion(
    int Version,
    string File,
    string Reason,
    DateTimeOffset CreatedAt,
    int Windows,
    int Series,
    long FirstWindowEndMs,
    long LastWindowEndMs,
    long ActivateAt,
    double TrainingSeconds,
    string Architecture);

/// <summary>
/// A pipeline's learned versions in one directory, shared by every daemon of its consumer group when the directory is:
/// each version is an immutable model file (its name unique to the training that wrote it) and a manifest
/// <c>PIPELINE-vNNNN.json</c> that names it. A version number is claimed by creating its manifest exclusively (one
/// creator wins, on any file system that honours exclusive creation), and filled by renaming a whole manifest over the
/// empty claim, so a reader never sees a manifest before its model file, nor a manifest half written.
/// </summary>
/// <param name="claimTimeout">how long a claimed number may stay unfilled before it counts as abandoned (its writer
/// died between claiming and filling it) and the next number is claimed</param>
public sealed class LearnedLineage(string directory, string pipeline, TimeSpan? claimTimeout = null)
{
    private const string LegacyRecord = "versions.jsonl";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly TimeSpan ClaimPoll = TimeSpan.FromMilliseconds(20);
    private readonly string _manifestPrefix = pipeline + "-v";
    private readonly TimeSpan _claimTimeout = claimTimeout ?? TimeSpan.FromSeconds(5);

    public string Directory { get; } = directory;

    public string PathOf(string file) => Path.Combine(Directory, file);

    /// <summary>A model file name for a training of <paramref name="version"/>, unique to it: daemons training the
    /// same version at once never write the same file.</summary>
    public string NewModelFile(int version) =>
        $"{_manifestPrefix}{version:D4}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}.streamae";

    /// <summary>
    /// Publishes a trained version (its model file complete) under its number, unless another writer claimed that
    /// number first: then the other writer's version is returned once it is filled, and the candidate is not
    /// published. A number claimed but never filled is skipped (the candidate is published under the next one).
    /// </summary>
    /// <returns>the version published under the candidate's number: the candidate (perhaps renumbered) or another's</returns>
    public LearnedVersion Publish(LearnedVersion candidate)
    {
        System.IO.Directory.CreateDirectory(Directory);
        for (var version = candidate; ; version = version with { Version = version.Version + 1 })
        {
            if (TryClaim(version.Version))
            {
                Fill(version);
                return version;
            }
            if (AwaitFilled(version.Version) is { } winner)
            {
                return winner;
            }
        }
    }

    /// <summary>The newest published version whose model file is there; null when none.</summary>
    public LearnedVersion? Newest()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return null;
        }
        var published = System.IO.Directory.EnumerateFiles(Directory, _manifestPrefix + "*.json")
            .Select(path => VersionOf(Path.GetFileName(path)))
            .Where(version => version > 0)
            .OrderDescending();
        foreach (var number in published)
        {
            if (Read(PathOf(ManifestName(number))) is { } version && File.Exists(PathOf(version.File)))
            {
                return version;
            }
        }
        return NewestLegacy();
    }

    private bool TryClaim(int version)
    {
        try
        {
            new FileStream(PathOf(ManifestName(version)), FileMode.CreateNew, FileAccess.Write).Dispose();
            return true;
        }
        catch (IOException) when (File.Exists(PathOf(ManifestName(version))))
        {
            return false;
        }
    }

    private void Fill(LearnedVersion version)
    {
        var temporary = PathOf($".{ManifestName(version.Version)}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}.tmp");
        using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
        {
            JsonSerializer.Serialize(stream, version, Json);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, PathOf(ManifestName(version.Version)), overwrite: true); // a rename: readers see all or nothing
    }

    private LearnedVersion? AwaitFilled(int version)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (Read(PathOf(ManifestName(version))) is { } filled)
            {
                return filled;
            }
            if (waited.Elapsed >= _claimTimeout)
            {
                return null;
            }
            Thread.Sleep(ClaimPoll);
        }
    }

    private string ManifestName(int version) => $"{_manifestPrefix}{version:D4}.json";

    /// <summary>The version number a manifest's name carries; 0 for any other file of the pipeline.</summary>
    private int VersionOf(string fileName)
    {
        var number = fileName.AsSpan(_manifestPrefix.Length, fileName.Length - _manifestPrefix.Length - ".json".Length);
        return int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : 0;
    }

    private static LearnedVersion? Read(string manifest)
    {
        try
        {
            return JsonSerializer.Deserialize<LearnedVersion>(File.ReadAllText(manifest), Json);
        }
        catch (Exception e) when (e is JsonException or FileNotFoundException)
        {
            return null; // claimed, not filled yet
        }
    }

    /// <summary>The record of earlier releases (one line per version, appended): a daemon upgraded in place resumes
    /// the model it learned rather than warming up again; its next version is published as a manifest.</summary>
    private LearnedVersion? NewestLegacy()
    {
        var path = PathOf(LegacyRecord);
        if (!File.Exists(path))
        {
            return null;
        }
        foreach (var line in File.ReadLines(path).Reverse())
        {
            try
            {
                if (JsonSerializer.Deserialize<LearnedVersion>(line, Json) is { } version && File.Exists(PathOf(version.File)))
                {
                    return version;
                }
            }
            catch (JsonException)
            {
                // a torn last line after a crash: the version before it stands
            }
        }
        return null;
    }
}
