using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using StreamAe.Contracts;
using StreamAe.Ingest.Parsing;
using StreamAe.Ingest.Windowing;
using StreamAe.TestSupport;

namespace StreamAe.Ingest.Tests.Parsing;

/// <summary>
/// docs/formats.md is the input contract, and its examples are checked here with the real parsers: in each format's
/// section (a <c>## `sample`</c> heading, …) every fenced block is a message, the paragraph before it may set options
/// ("With `Format:Channels` = `2` and message key `pump-3`:"), and the line after it says what becomes of it
/// ("→ reads as `…`" or "→ dead letter `reason`: `detail`"). A page and a parser that disagree fail this test.
/// </summary>
public sealed partial class FormatsDocumentTests
{
    private const string DocumentPath = "docs/formats.md";

    private static readonly Dictionary<string, MessageFormat> Sections = new(StringComparer.Ordinal)
    {
        ["sample"] = MessageFormat.Sample,
        ["chunk"] = MessageFormat.Chunk,
        ["window"] = MessageFormat.Window,
        ["influx"] = MessageFormat.Influx,
        ["csv"] = MessageFormat.Csv,
    };

    [Fact]
    public void Every_example_in_the_formats_page_is_read_as_the_page_says()
    {
        var failures = new List<string>();
        foreach (var example in Examples())
        {
            var actual = Outcome(example);
            if (actual != example.Expected)
            {
                failures.Add($"{DocumentPath}:{example.Line} ({example.Format}): the page says\n    {example.Expected}\n  the parser gives\n    {actual}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void Every_format_has_examples_that_are_read_and_examples_that_are_refused()
    {
        var examples = Examples();
        foreach (var format in Sections.Values)
        {
            Assert.Contains(examples, e => e.Format == format && e.Expected.StartsWith("reads as", StringComparison.Ordinal));
            Assert.Contains(examples, e => e.Format == format && e.Expected.StartsWith("dead letter", StringComparison.Ordinal));
        }
    }

    private sealed record Example(int Line, MessageFormat Format, FormatOptions Options, string Key, string Value, string Expected);

    /// <summary>What the product makes of the message, worded as the page words it.</summary>
    private static string Outcome(Example example)
    {
        var windower = new Windower(
            new WindowerOptions { WindowLength = 1000, Hop = 1000, Channels = example.Options.Channels }, _ => { });
        var processor = new MessageProcessor(example.Options, windower);
        var key = Encoding.UTF8.GetBytes(example.Key);
        var value = Encoding.UTF8.GetBytes(example.Value);
        if (!processor.TryProcess(key, value, SourcePosition.None, out var failure))
        {
            return example.Expected.Contains(':', StringComparison.Ordinal) || failure.Detail.Length == 0
                ? $"dead letter `{failure.Reason.Name()}`: `{failure.Detail}`"
                : $"dead letter `{failure.Reason.Name()}`";
        }
        var parsed = new ParsedMessage();
        Assert.True(MessageParsers.Create(example.Options).TryParse(key, value, parsed, out _));
        var records = Enumerable.Range(0, parsed.Count).Select(i => $"`{Render(parsed, parsed[i], example.Options.Channels)}`");
        return "reads as " + string.Join(" and ", records);
    }

    private static string Render(ParsedMessage parsed, ParsedRecord record, int channels)
    {
        var values = parsed.ValuesOf(record, channels).ToArray()
            .Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray();
        var text = channels == 1
            ? string.Join(",", values)
            : string.Join(",", values.Chunk(channels).Select(sample => $"[{string.Join(",", sample)}]"));
        var rendered = new StringBuilder()
            .Append(record.IsWindow ? "window" : "samples")
            .Append(CultureInfo.InvariantCulture, $": series={record.Series} ts={record.TimestampMs}");
        if (record.IntervalMs != 0)
        {
            rendered.Append(CultureInfo.InvariantCulture, $" interval_ms={record.IntervalMs}");
        }
        rendered.Append(CultureInfo.InvariantCulture, $" values=[{text}]");
        if (record.Label is { } label)
        {
            rendered.Append(label ? " label=true" : " label=false");
        }
        return rendered.ToString();
    }

    private static List<Example> Examples()
    {
        var lines = Repository.ReadLines(DocumentPath);
        var examples = new List<Example>();
        MessageFormat? format = null;
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("## ", StringComparison.Ordinal))
            {
                var section = SectionHeading().Match(lines[i]);
                format = section.Success && Sections.TryGetValue(section.Groups[1].Value, out var f) ? f : null;
                continue;
            }
            if (format is null || !lines[i].StartsWith("```", StringComparison.Ordinal))
            {
                continue;
            }
            var fence = i;
            var body = new List<string>();
            for (i++; i < lines.Length && lines[i] != "```"; i++)
            {
                body.Add(lines[i]);
            }
            var next = i + 1;
            while (next < lines.Length && lines[next].Length == 0)
            {
                next++;
            }
            Assert.True(next < lines.Length && lines[next].StartsWith("→ ", StringComparison.Ordinal),
                $"{DocumentPath}:{fence + 1}: an example needs a line '→ reads as …' or '→ dead letter …' after it.");
            var (options, key) = Settings(format.Value, Paragraph(lines, fence), fence);
            examples.Add(new Example(fence + 1, format.Value, options, key, string.Join("\n", body), lines[next][2..]));
            i = next;
        }
        Assert.True(examples.Count >= 20, $"only {examples.Count} examples found in {DocumentPath}");
        return examples;
    }

    /// <summary>The paragraph just above a fence (its lines joined), where an example's settings are stated.</summary>
    private static string Paragraph(string[] lines, int fence)
    {
        var end = fence - 1;
        while (end >= 0 && lines[end].Length == 0)
        {
            end--;
        }
        var start = end;
        while (start > 0 && lines[start - 1].Length > 0)
        {
            start--;
        }
        return end < 0 ? "" : string.Join(" ", lines[start..(end + 1)]);
    }

    private static (FormatOptions Options, string Key) Settings(MessageFormat format, string paragraph, int fence)
    {
        var options = new FormatOptions { Format = format };
        var key = "";
        var with = paragraph.LastIndexOf("With ", StringComparison.Ordinal);
        if (with < 0)
        {
            return (options, key);
        }
        var clause = paragraph[with..];
        foreach (Match setting in OptionSetting().Matches(clause))
        {
            var property = typeof(FormatOptions).GetProperty(setting.Groups[1].Value)
                ?? throw new InvalidOperationException($"{DocumentPath}:{fence + 1}: no option Format:{setting.Groups[1].Value}.");
            var text = setting.Groups[2].Value;
            object value = property.PropertyType == typeof(int) ? int.Parse(text, CultureInfo.InvariantCulture)
                : property.PropertyType == typeof(long) ? long.Parse(text, CultureInfo.InvariantCulture)
                : property.PropertyType == typeof(char) ? text.Single()
                : property.PropertyType == typeof(IList<string>) ? text.Split(',').ToList()
                : text;
            property.SetValue(options, value);
        }
        var keySetting = MessageKey().Match(clause);
        if (keySetting.Success)
        {
            key = keySetting.Groups[1].Value;
        }
        return (options, key);
    }

    [GeneratedRegex("^## `([a-z]+)`")]
    private static partial Regex SectionHeading();

    [GeneratedRegex("`Format:(\\w+)` = `([^`]*)`")]
    private static partial Regex OptionSetting();

    [GeneratedRegex("message key `([^`]*)`")]
    private static partial Regex MessageKey();
}
