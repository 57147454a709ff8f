using TorchSharp;

namespace StreamAe.Detector.Hosting;

/// <summary>
/// Loads libtorch up front so a missing or incompatible native library is reported in one clear sentence
/// instead of a type-initializer stack trace deep inside the first command that touches a tensor.
/// </summary>
public static class TorchNativeCheck
{
    public static bool TryLoad(TextWriter error)
    {
        try
        {
            torch.InitializeDeviceType(DeviceType.CPU);
            return true;
        }
        catch (Exception e) when (e is TypeInitializationException or DllNotFoundException or NotSupportedException or InvalidOperationException)
        {
            error.WriteLine("streamae: the TorchSharp native library (libtorch) could not be loaded.");
            error.WriteLine($"  cause: {Innermost(e).Message}");
            error.WriteLine("  On Linux hosts with libstdc++ older than GLIBCXX_3.4.32 the build weakens that dependency;");
            error.WriteLine("  rebuild with 'dotnet build -p:TorchNativeFix=always' or install a newer libstdc++.");
            return false;
        }
    }

    private static Exception Innermost(Exception e) => e.InnerException is null ? e : Innermost(e.InnerException);
}
