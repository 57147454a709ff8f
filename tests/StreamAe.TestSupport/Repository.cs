namespace StreamAe.TestSupport;

/// <summary>Files of this repository (the folder holding StreamAe.sln above the test's output folder).</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>A repository file's lines, by its path from the root (e.g. <c>docs/formats.md</c>).</summary>
    public static string[] ReadLines(string relativePath) => File.ReadAllLines(Path.Combine(Root, relativePath));

    private static string FindRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "StreamAe.sln")))
        {
            folder = folder.Parent;
        }
        return folder?.FullName ?? throw new InvalidOperationException($"No StreamAe.sln above {AppContext.BaseDirectory}.");
    }
}
