namespace StreamAe.Ingest.Files;

/// <summary>
/// A CSV data file that cannot be read as asked, with a message naming the file, line or column to fix. It is a
/// <see cref="FormatException"/> so the commands report it as a user error: one line, no stack trace.
/// </summary>
public sealed class CsvFormatException : FormatException
{
    public CsvFormatException()
    {
    }

    public CsvFormatException(string message)
        : base(message)
    {
    }

    public CsvFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
