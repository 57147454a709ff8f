using System.Reflection;
using System.Security.Cryptography;
using StreamAe.Build;

namespace StreamAe.Model.Tests.Native;

/// <summary>The ELF rewrite the build applies to TorchSharp's native library, checked on the package's own file.</summary>
public sealed class GlibcxxNeedWeakenerTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("streamae-elf-").FullName;

    private static string PackagedLibrary()
    {
        var root = typeof(GlibcxxNeedWeakenerTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "NuGetPackageRoot").Value!;
        return Path.Combine(root, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
    }

    [Fact]
    public void Weakens_only_the_ios_base_marker_and_is_idempotent()
    {
        var original = PackagedLibrary();
        var before = SHA256.HashData(File.ReadAllBytes(original));
        var copy = Path.Combine(_directory, "libLibTorchSharp.so");
        File.Copy(original, copy);

        Assert.Equal(WeakenResult.Patched, GlibcxxNeedWeakener.WeakenFile(copy, out var symbols));
        Assert.Equal(["_ZSt21ios_base_library_initv"], symbols);
        var patched = File.ReadAllBytes(copy);
        Assert.Equal(new FileInfo(original).Length, patched.Length);

        Assert.Equal(WeakenResult.AlreadyWeak, GlibcxxNeedWeakener.WeakenFile(copy, out _));
        Assert.Equal(patched, File.ReadAllBytes(copy));
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(original)));
    }

    [Fact]
    public void Leaves_files_without_the_need_alone()
    {
        var image = File.ReadAllBytes(typeof(object).Assembly.Location);
        Assert.Equal(WeakenResult.NotElf64, GlibcxxNeedWeakener.Weaken(image, out _));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
