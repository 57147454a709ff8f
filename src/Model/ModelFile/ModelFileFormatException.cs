namespace StreamAe.Model.ModelFile;

/// <summary>A model file that cannot be used: wrong kind of file, unsupported version, truncated, corrupt or inconsistent.</summary>
public sealed class ModelFileFormatException : Exception
{
    public ModelFileFormatException(string path, string reason, Exception? inner = null)
        : base($"Model file '{path}': {reason}", inner)
    {
        Path = path;
    }

    public string Path { get; }
}
