using System.CommandLine;
using StreamAe.Ingest.Files;

namespace StreamAe.Cli;

/// <summary>
/// The CSV options <c>train</c>, <c>evaluate</c> and <c>score</c> share (used with <c>--format csv</c>), bound to
/// the <see cref="CsvFileOptions"/> that <c>produce</c>'s CSV replay reads with too.
/// </summary>
internal sealed class CsvCommandOptions
{
    private static readonly Dictionary<string, char> Separators = new(StringComparer.OrdinalIgnoreCase)
    {
        [","] = ',', ["comma"] = ',', [";"] = ';', ["semicolon"] = ';', ["tab"] = '\t',
    };

    private readonly Option<string?> _separator = new("--separator")
    {
        Description = "For csv: column separator, ',' ';' or tab (default: detected from the header).",
    };

    private readonly Option<string?> _timeColumn = new("--time-column")
    {
        Description = "For csv: the time column (default: timestamp, ts, time, datetime or date, else the first column).",
    };

    private readonly Option<string?> _timeUnit = new("--time-unit")
    {
        Description = "For csv: what a numeric time counts since the epoch, ms or s (default ms); date-time text is read as UTC.",
    };

    private readonly Option<string?> _labelColumn = new("--label-column")
    {
        Description = "For csv: the label column, 1/true = anomalous (default: anomaly, label or is_anomaly, the first in the header).",
    };

    private readonly Option<string[]> _columns = new("--columns")
    {
        Description = "For csv: the channels, comma-separated, in order (default: every numeric column but time and label-like ones).",
    };

    private readonly Option<string[]> _ignoreColumns = new("--ignore-columns")
    {
        Description = "For csv: columns left out of the default channels, comma-separated.",
    };

    public CsvCommandOptions()
    {
        _separator.AcceptOnlyFromAmong([.. Separators.Keys]);
        _timeUnit.AcceptOnlyFromAmong("ms", "s");
    }

    public IEnumerable<Option> All => [_separator, _timeColumn, _timeUnit, _labelColumn, _columns, _ignoreColumns];

    public CsvFileOptions Read(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return new CsvFileOptions
        {
            Delimiter = parse.GetValue(_separator) is { } separator ? Separators[separator] : null,
            TimeColumn = parse.GetValue(_timeColumn),
            TimeUnit = parse.GetValue(_timeUnit) == "s" ? CsvTimeUnit.Seconds : CsvTimeUnit.Milliseconds,
            LabelColumn = parse.GetValue(_labelColumn),
            ValueColumns = Names(parse.GetValue(_columns)),
            IgnoreColumns = Names(parse.GetValue(_ignoreColumns)),
        };
    }

    /// <summary>Column names given comma-separated, repeated, or both.</summary>
    private static List<string> Names(string[]? values) =>
        [.. (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))];
}
