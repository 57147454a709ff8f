namespace StreamAe.Detector.Tests.Deployment;

/// <summary>Finds the files under test in the source tree (the tests run from bin/, several levels below it).</summary>
internal static class RepositoryFiles
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    public static string Root => LazyRoot.Value;

    public static string PathOf(string relativePath) => Path.Combine(Root, relativePath.Replace('/', Path.DirectorySeparatorChar));

    public static string Read(string relativePath)
    {
        var path = PathOf(relativePath);
        Assert.True(File.Exists(path), $"{relativePath} is missing from the repository");
        return File.ReadAllText(path);
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "StreamAe.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No StreamAe.sln above {AppContext.BaseDirectory}: the deployment tests read the source tree.");
    }
}
