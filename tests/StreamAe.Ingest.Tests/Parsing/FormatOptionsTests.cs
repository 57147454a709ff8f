using StreamAe.Ingest.Parsing;

namespace StreamAe.Ingest.Tests.Parsing;

public sealed class FormatOptionsTests
{
    [Theory]
    [InlineData('€')]
    [InlineData('é')] // fits a byte as a char, but is two bytes in UTF-8, so it would never split a line
    [InlineData('\n')]
    public void A_csv_delimiter_that_is_not_one_ascii_character_is_a_validation_error_naming_the_key(char delimiter)
    {
        var options = new FormatOptions { Format = MessageFormat.Csv, CsvDelimiter = delimiter };

        var error = Assert.Single(options.Validate("Format"));
        Assert.Contains("Format:CsvDelimiter", error, StringComparison.Ordinal);
        var refused = Assert.Throws<ArgumentException>(() => MessageParsers.Create(options));
        Assert.Contains("Format:CsvDelimiter", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(',')]
    [InlineData(';')]
    [InlineData('\t')]
    public void An_ascii_csv_delimiter_is_valid(char delimiter)
    {
        Assert.Empty(new FormatOptions { Format = MessageFormat.Csv, CsvDelimiter = delimiter }.Validate("Format"));
    }
}
