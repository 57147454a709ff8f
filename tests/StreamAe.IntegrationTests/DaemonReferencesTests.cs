using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace StreamAe.IntegrationTests;

/// <summary>
/// Product and tools apart (#18): the daemon's assemblies, as built next to the tests, reference no tool, plotting or
/// command-line assembly, directly or through each other.
/// </summary>
public sealed class DaemonReferencesTests
{
    private static readonly string[] DaemonAssemblies =
        ["StreamAe.Contracts", "StreamAe.Ingest", "StreamAe.Model", "StreamAe.Sink", "StreamAe.Detector"];

    // The tool assembly, the executable, the plotting stack (ScottPlot draws with SkiaSharp and HarfBuzzSharp) and the
    // command-line frameworks only the executable needs.
    private static readonly string[] ToolAssemblyPrefixes =
        ["StreamAe.Tools", "streamae", "StreamAe.Cli", "ScottPlot", "SkiaSharp", "HarfBuzzSharp", "Spectre.Console", "System.CommandLine"];

    [Fact]
    public void The_daemon_assemblies_reach_no_tool_or_plotting_assembly_through_their_references()
    {
        var reached = ReferenceClosure(DaemonAssemblies);

        Assert.Empty(reached.Where(reference => IsToolAssembly(reference.Key))
            .Select(reference => $"{reference.Value} references {reference.Key}"));
    }

    [Fact]
    public void The_same_walk_from_the_executable_reaches_the_tool_and_plotting_assemblies()
    {
        var reached = ReferenceClosure(["streamae"]);

        Assert.Contains("StreamAe.Tools", reached.Keys);
        Assert.Contains("ScottPlot", reached.Keys);
    }

    private static bool IsToolAssembly(string name) =>
        ToolAssemblyPrefixes.Any(prefix => name.Equals(prefix, StringComparison.Ordinal) || name.StartsWith(prefix + ".", StringComparison.Ordinal));

    /// <summary>
    /// Every assembly reachable from <paramref name="roots"/> through references to the StreamAe assemblies built next
    /// to the tests (package and framework assemblies are leaves), each with the assembly that first referenced it.
    /// </summary>
    private static Dictionary<string, string> ReferenceClosure(IEnumerable<string> roots)
    {
        var reached = roots.ToDictionary(root => root, _ => "(root)", StringComparer.Ordinal);
        var pending = new Queue<string>(reached.Keys);
        while (pending.TryDequeue(out var name))
        {
            using var pe = new PEReader(File.OpenRead(Path.Combine(AppContext.BaseDirectory, name + ".dll")));
            var metadata = pe.GetMetadataReader();
            foreach (var handle in metadata.AssemblyReferences)
            {
                var reference = metadata.GetString(metadata.GetAssemblyReference(handle).Name);
                if (reached.TryAdd(reference, name) && IsBuiltHere(reference))
                {
                    pending.Enqueue(reference);
                }
            }
        }
        return reached;
    }

    private static bool IsBuiltHere(string name) =>
        (name.StartsWith("StreamAe.", StringComparison.Ordinal) || name == "streamae")
        && File.Exists(Path.Combine(AppContext.BaseDirectory, name + ".dll"));
}
