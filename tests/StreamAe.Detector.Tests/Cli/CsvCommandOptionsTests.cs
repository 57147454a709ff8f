using System.CommandLine;
using StreamAe.Cli;
using StreamAe.Ingest.Files;

namespace StreamAe.Detector.Tests.Cli;

public sealed class CsvCommandOptionsTests
{
    [Fact]
    public void The_options_fill_csv_file_options_with_lists_given_comma_separated_or_repeated()
    {
        var (csv, parse) = Parse("--separator", "tab", "--time-column", "when", "--time-unit", "s", "--label-column", "fault",
            "--columns", "a, b", "--columns", "Volume Flow RateRMS");

        var options = csv.Read(parse);

        Assert.Empty(parse.Errors);
        Assert.Equal('\t', options.Delimiter);
        Assert.Equal(("when", CsvTimeUnit.Seconds, "fault"), (options.TimeColumn, options.TimeUnit, options.LabelColumn));
        Assert.Equal(["a", "b", "Volume Flow RateRMS"], options.ValueColumns);
        Assert.Empty(options.IgnoreColumns);
    }

    [Fact]
    public void Without_options_the_separator_is_detected_and_times_are_milliseconds()
    {
        var (csv, parse) = Parse("--ignore-columns", "status");

        var options = csv.Read(parse);

        Assert.Null(options.Delimiter);
        Assert.Equal(CsvTimeUnit.Milliseconds, options.TimeUnit);
        Assert.Equal(["status"], options.IgnoreColumns);
    }

    [Fact]
    public void An_unknown_separator_is_a_parse_error()
    {
        var (_, parse) = Parse("--separator", "|");

        Assert.NotEmpty(parse.Errors);
    }

    private static (CsvCommandOptions Csv, ParseResult Parse) Parse(params string[] arguments)
    {
        var csv = new CsvCommandOptions();
        var command = new RootCommand();
        foreach (var option in csv.All)
        {
            command.Add(option);
        }
        return (csv, command.Parse(arguments));
    }
}
