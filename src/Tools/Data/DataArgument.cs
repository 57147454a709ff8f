using StreamAe.Tools.Demo;

namespace StreamAe.Tools.Data;

/// <summary>A <c>--data</c> value: a file path, or a built-in data set written out to a cache file.</summary>
public static class DataArgument
{
    /// <summary>The path to read; an unknown <c>builtin:</c> name comes back unchanged, so the job's own check
    /// reports it as a missing file (the option's help lists the built-in names).</summary>
    public static string Resolve(string value)
    {
        try
        {
            return Path.GetFullPath(BuiltinData.Resolve(value));
        }
        catch (ArgumentException)
        {
            return value;
        }
    }
}
