using StreamAe.Model.ModelFile;

namespace StreamAe.Model.Jobs;

/// <summary>Tells failures the user can fix (bad arguments, missing or malformed files) from faults in the program.</summary>
public static class JobErrors
{
    public static bool IsUserError(Exception exception) => exception is ArgumentException or FormatException
        or FileNotFoundException or DirectoryNotFoundException or ModelFileFormatException or UnauthorizedAccessException
        || (exception is InvalidOperationException && exception.Message.StartsWith("device", StringComparison.Ordinal));
}
