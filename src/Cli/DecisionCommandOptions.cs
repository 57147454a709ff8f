using System.CommandLine;
using System.Reflection;
using System.Text;
using Microsoft.Extensions.Configuration;
using StreamAe.Detector.Decision.Alerts;
using StreamAe.Detector.Decision.Thresholds;
using StreamAe.Detector.Learning;

namespace StreamAe.Cli;

/// <summary>
/// The decision options of <c>score</c> and <c>evaluate</c>: one option per key of a pipeline's <c>Threshold</c>,
/// <c>Alerting</c> and <c>Learning</c> sections, named after it (<c>--threshold-mode</c> ↔
/// <c>Pipelines:N:Threshold:Mode</c>, <c>--alerting-open-after</c> ↔ <c>Alerting:OpenAfter</c>,
/// <c>--learning-warmup-windows</c> ↔ <c>Pipelines:N:Learning:WarmupWindows</c>) and bound by the configuration binder
/// the daemon uses, so a file replay takes exactly the daemon's settings and defaults.
/// </summary>
internal sealed class DecisionCommandOptions
{
    private readonly List<(Option<string> Option, string Key)> _options = [];

    public DecisionCommandOptions()
    {
        AddSection<ThresholdOptions>("Threshold", "Pipelines:N:Threshold");
        AddSection<AlertingOptions>("Alerting", "Alerting");
        AddSection<LearningOptions>("Learning", "Pipelines:N:Learning");
    }

    public IEnumerable<Option> All => _options.Select(o => o.Option);

    /// <summary>The options given, bound over the defaults; an unset mode becomes the format's default.</summary>
    /// <exception cref="ArgumentException">a value does not parse or fails the section's validation</exception>
    public (ThresholdOptions Threshold, AlertingOptions Alerting, LearningOptions Learning) Read(ParseResult parse, bool wholeWindows)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var given = _options
            .Select(o => (o.Key, Value: parse.GetValue(o.Option)))
            .Where(o => o.Value != null)
            .ToDictionary(o => o.Key, o => o.Value);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(given).Build();
        var threshold = new ThresholdOptions();
        var alerting = new AlertingOptions();
        var learning = new LearningOptions();
        try
        {
            configuration.GetSection("Threshold").Bind(threshold);
            configuration.GetSection("Alerting").Bind(alerting);
            configuration.GetSection("Learning").Bind(learning);
        }
        catch (InvalidOperationException e)
        {
            throw new ArgumentException($"{OptionName(e.Message)}{e.InnerException?.Message ?? e.Message}", e);
        }
        threshold.Mode ??= ThresholdOptions.DefaultMode(wholeWindows);
        var errors = threshold.Validate("--threshold").Concat(alerting.Validate("--alerting")).Concat(learning.Validate("--learning")).ToList();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors));
        }
        return (threshold, alerting, learning);
    }

    private void AddSection<T>(string section, string configurationSection)
    {
        foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (!(type.IsEnum || type.IsPrimitive || type == typeof(TimeSpan) || type == typeof(string)))
            {
                continue;
            }
            var name = $"--{Kebab(section)}-{Kebab(property.Name)}";
            var option = new Option<string>(name)
            {
                Description = $"{configurationSection}:{property.Name}" + (type.IsEnum ? $" ({string.Join(", ", Enum.GetNames(type))})" : ""),
            };
            _options.Add((option, $"{section}:{property.Name}"));
        }
    }

    private string OptionName(string binderMessage)
    {
        var match = _options.FirstOrDefault(o => binderMessage.Contains($"'{o.Key}'", StringComparison.Ordinal));
        return match.Option is null ? "" : $"{match.Option.Name}: ";
    }

    private static string Kebab(string name)
    {
        var text = new StringBuilder();
        foreach (var c in name)
        {
            if (char.IsUpper(c) && text.Length > 0)
            {
                text.Append('-');
            }
            text.Append(char.ToLowerInvariant(c));
        }
        return text.ToString();
    }
}
