using System.IO.Compression;
using StreamAe.TestSupport;

namespace StreamAe.Model.Tests.Support;

/// <summary>
/// The UCR ECG5000 files, from the repository's own gzip'd copy (<c>src/Tools/Demo/Data</c>, the data behind
/// <c>builtin:ecg5000-*</c>), unpacked once into the test's output folder under the archive's file names.
/// </summary>
internal static class Ecg5000
{
    private static readonly Lazy<string> Folder = new(Unpack);

    public static string TrainPath => Path.Combine(Folder.Value, "ECG5000_TRAIN.tsv");
    public static string TestPath => Path.Combine(Folder.Value, "ECG5000_TEST.tsv");

    private static string Unpack()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "ecg5000");
        Directory.CreateDirectory(folder);
        foreach (var (packed, name) in new[] { ("ecg5000_train.tsv.gz", "ECG5000_TRAIN.tsv"), ("ecg5000_test.tsv.gz", "ECG5000_TEST.tsv") })
        {
            var target = Path.Combine(folder, name);
            var temporary = target + ".tmp";
            using (var source = new GZipStream(File.OpenRead(Path.Combine(Repository.Root, "src", "Tools", "Demo", "Data", packed)), CompressionMode.Decompress))
            using (var output = File.Create(temporary))
            {
                source.CopyTo(output);
            }
            File.Move(temporary, target, overwrite: true);
        }
        return folder;
    }
}
