using System.Reflection;
using System.Runtime.InteropServices;

namespace StreamAe.Tools.Kafka.Mock;

/// <summary>
/// Finds the librdkafka that Confluent.Kafka's librdkafka.redist package ships. On Linux the default
/// <c>librdkafka.so</c> links against libsasl2, which minimal hosts lack; the package's
/// <c>centos8-librdkafka.so</c> is self-contained and loads there, so it is the fallback.
/// </summary>
internal static class LibrdkafkaResolver
{
    internal const string LibraryName = "librdkafka";

    private static int _registered;

    /// <summary>Installs the resolver for this assembly's P/Invokes; safe to call more than once.</summary>
    internal static void EnsureRegistered()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 0)
        {
            NativeLibrary.SetDllImportResolver(typeof(LibrdkafkaResolver).Assembly, Resolve);
        }
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != LibraryName)
        {
            return IntPtr.Zero;
        }
        foreach (var candidate in Candidates())
        {
            if (File.Exists(candidate) && NativeLibrary.TryLoad(candidate, out var handle))
            {
                return handle;
            }
        }
        // Let the runtime try its default probing (e.g. a system-wide librdkafka).
        return IntPtr.Zero;
    }

    private static IEnumerable<string> Candidates()
    {
        var baseDir = AppContext.BaseDirectory;
        if (OperatingSystem.IsLinux())
        {
            var arch = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "linux-arm64" : "linux-x64";
            var native = Path.Combine(baseDir, "runtimes", arch, "native");
            yield return Path.Combine(native, "librdkafka.so");
            yield return Path.Combine(native, "centos8-librdkafka.so");
            yield return Path.Combine(baseDir, "librdkafka.so");
            yield return Path.Combine(baseDir, "centos8-librdkafka.so");
        }
        else if (OperatingSystem.IsMacOS())
        {
            var arch = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "osx-arm64" : "osx-x64";
            yield return Path.Combine(baseDir, "runtimes", arch, "native", "librdkafka.dylib");
            yield return Path.Combine(baseDir, "librdkafka.dylib");
        }
        else if (OperatingSystem.IsWindows())
        {
            var arch = RuntimeInformation.ProcessArchitecture == Architecture.X86 ? "win-x86" : "win-x64";
            yield return Path.Combine(baseDir, "runtimes", arch, "native", "librdkafka.dll");
            yield return Path.Combine(baseDir, "librdkafka.dll");
        }
    }
}
