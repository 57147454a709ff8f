namespace StreamAe.Model.Tests.Support;

/// <summary>Finds the shared ECG5000 copy: ../shared/datasets/ecg5000 next to the folder holding StreamAe.sln.</summary>
internal static class Ecg5000
{
    public static string TrainPath => Path.Combine(Directory, "ECG5000_TRAIN.tsv");
    public static string TestPath => Path.Combine(Directory, "ECG5000_TEST.tsv");

    private static string Directory
    {
        get
        {
            var folder = new DirectoryInfo(AppContext.BaseDirectory);
            while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "StreamAe.sln")))
            {
                folder = folder.Parent;
            }
            if (folder?.Parent is null)
            {
                throw new InvalidOperationException($"No StreamAe.sln above {AppContext.BaseDirectory}; cannot locate ../shared/datasets/ecg5000.");
            }
            var path = Path.Combine(folder.Parent.FullName, "shared", "datasets", "ecg5000");
            return System.IO.Directory.Exists(path)
                ? path
                : throw new DirectoryNotFoundException($"ECG5000 data expected at {path} (../shared/datasets/ecg5000 from the repository root).");
        }
    }
}
