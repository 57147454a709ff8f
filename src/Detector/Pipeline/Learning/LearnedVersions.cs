using System.Text.Json;

namespace StreamAe.Detector.Pipeline.Learning;

/// <summary>One model a pipeline learned: what it learned from, when, and the stream position it took over at.</summary>
/// <param name="File">the model file, relative to the versions' directory</param>
/// <param name="Reason"><c>warm-up</c> or <c>retrain</c></param>
/// <param name="ActivateAt">the window position (counted from the pipeline's start) it serves from</param>
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
/// The record of a pipeline's learned models: <c>versions.jsonl</c> beside the model files, one line per version, so an
/// operator can tell which model made a decision (its <c>model</c> tag and version) and a restart resumes the newest.
/// </summary>
public sealed class LearnedVersions(string directory)
{
    private const string FileName = "versions.jsonl";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Directory { get; } = directory;

    public string PathOf(string file) => Path.Combine(Directory, file);

    public void Append(LearnedVersion version)
    {
        System.IO.Directory.CreateDirectory(Directory);
        File.AppendAllText(PathOf(FileName), JsonSerializer.Serialize(version, Json) + "\n");
    }

    /// <summary>The newest version whose model file is still there; null when none (or the record is unreadable).</summary>
    public LearnedVersion? Newest()
    {
        var path = PathOf(FileName);
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
