using StreamAe.Contracts;
namespace StreamAe.Ingest.Parsing;

/// <summary>Reads one message (key and value bytes) into <paramref name="output"/>, or says why it cannot.</summary>
public interface IMessageParser
{
    /// <param name="key">The message key (UTF-8): the series id when the body names none.</param>
    bool TryParse(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, ParsedMessage output, out ParseFailure failure);
}

public static class MessageParsers
{
    /// <summary>The parser for <see cref="FormatOptions.Format"/>; throws on invalid options.</summary>
    public static IMessageParser Create(FormatOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid("Format");
        return options.Format switch
        {
            MessageFormat.Sample => new SampleParser(options),
            MessageFormat.Chunk => new ChunkParser(options),
            MessageFormat.Window => new WindowParser(options),
            MessageFormat.Influx => new InfluxLineParser(options),
            MessageFormat.Csv => new CsvLineParser(options),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Format, "Unknown format."),
        };
    }
}
