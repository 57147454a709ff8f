using System.Collections;
using System.Globalization;
using System.Reflection;
using StreamAe.Detector.Configuration;
using StreamAe.Detector.Tests.Deployment;

namespace StreamAe.Detector.Tests.Configuration;

/// <summary>
/// Every key docs/configuration.md documents, set to a value other than its default, changes the options the stage
/// using it runs with: what <see cref="PipelineStageOptions.For"/> gives a pipeline, and the sections the daemon hands
/// whole to the sink, the dead-letter sink, the HTTP host and the heap trimmer. A documented key that binds but is
/// dropped on the way (Kafka:PauseAfter once was, in a hand-written per-pipeline copy) fails here.
/// </summary>
public sealed class DocumentedKeysReachStagesTests
{
    private const string Changed = "changed-value";

    private static readonly Dictionary<string, string?> Pipeline = new()
    {
        ["Pipelines:0:Name"] = "ecg", ["Pipelines:0:Topics:0"] = "ecg", ["Pipelines:0:ModelPath"] = "ecg.model",
    };

    /// <summary>Documented as read by no stage of <c>streamae run</c>, each for its reason, asserted elsewhere.</summary>
    private static readonly string[] NotForStages =
    [
        "Kafka:Topics", // documented as not used by streamae run: each pipeline names its topics
        "Pipelines:N:Format:WindowLength", // a check only: windows take Window:WindowLength (Format_window_length_is_only_checked)
    ];

    public static TheoryData<string> DocumentedKeys() =>
        [.. ConfigurationReference.Rows().Select(row => row.Key).Where(key => !NotForStages.Contains(key))];

    [Theory]
    [MemberData(nameof(DocumentedKeys))]
    public void A_documented_key_reaches_the_stage_that_uses_it(string documentedKey)
    {
        var key = documentedKey.Replace(":N:", ":0:", StringComparison.Ordinal);
        var type = PropertyType(key);
        var defaults = Bind([]);
        var setting = OtherValue(key, type, ValueAt(defaults, key) ?? DefaultOf(key));

        var before = Leaves(StagesOf(defaults));
        var after = Leaves(StagesOf(Bind([setting])));

        var changed = after.Where(leaf => !Equals(before.GetValueOrDefault(leaf.Key), leaf.Value)).Select(leaf => leaf.Key).ToList();
        Assert.True(changed.Count > 0, $"{setting} changed nothing any stage runs with");
    }

    [Fact]
    public void Format_window_length_is_only_checked_against_the_window_length_the_stages_use()
    {
        var stage = PipelineStageOptions.For(Bind(["Pipelines:0:Window:WindowLength=70"]), 0);
        Assert.Equal((70, 70), (stage.Format.WindowLength, stage.Window.WindowLength));

        var error = Assert.Single(Bind(["Pipelines:0:Format:WindowLength=71"]).Pipelines[0].Validate("Pipelines:0"),
            e => e.Contains("WindowLength", StringComparison.Ordinal));
        Assert.Contains("Pipelines:0:Format:WindowLength (71) differs from Pipelines:0:Window:WindowLength (140)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_setting_of_the_shared_kafka_section_reaches_each_pipelines_source()
    {
        var stage = PipelineStageOptions.For(Bind(["Kafka:PauseAfter=00:00:03", "Kafka:BacklogMessages=7", "Kafka:InstanceId=host-7"]), 0);

        Assert.Equal((TimeSpan.FromSeconds(3), 7, "host-7-ecg", "ecg"), (stage.Source.PauseAfter, stage.Source.BacklogMessages, stage.Source.InstanceId, stage.Source.Topics.Single()));
    }

    private static DetectorOptions Bind(string[] settings) =>
        DetectorConfiguration.Bind(DetectorConfiguration.Build(null, settings, defaults: Pipeline));

    /// <summary>The pipeline's stage options and the sections the daemon passes whole to their stage.</summary>
    private static object StagesOf(DetectorOptions options) => new
    {
        Pipeline = PipelineStageOptions.For(options, 0),
        options.DeadLetter,
        options.Sink,
        options.Http,
        options.Scoring.NativeTrimIntervalMs,
    };

    /// <summary>Key=Value with a value of the key's type that differs from <paramref name="current"/>.</summary>
    private static string OtherValue(string key, Type type, object? current)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying.IsEnum)
        {
            // An unset mode is resolved per format; the last member differs from every default in use.
            var other = Enum.GetNames(underlying).Reverse().First(name => !Equals(current?.ToString(), name));
            return $"{key}={other}";
        }
        if (IsDictionary(type))
        {
            return $"{key}:changed.name={Changed}";
        }
        if (type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type))
        {
            return $"{key}:0={Changed}";
        }
        object[] candidates = underlying switch
        {
            _ when underlying == typeof(string) => [Changed],
            _ when underlying == typeof(bool) => [true, false],
            _ when underlying == typeof(char) => [';', '|'],
            _ when underlying == typeof(TimeSpan) => [TimeSpan.FromSeconds(7.5), TimeSpan.FromSeconds(8)],
            _ when underlying == typeof(double) => [0.375, 0.5],
            _ when underlying == typeof(short) => [(short)7, (short)8],
            _ when underlying == typeof(int) => [7, 8],
            _ when underlying == typeof(long) => [7L, 8L],
            _ => throw new NotSupportedException($"{key}: no test value for {type}"),
        };
        var value = candidates.First(candidate => !Equals(candidate, current));
        return $"{key}={Convert.ToString(value, CultureInfo.InvariantCulture)}";
    }

    private static Type PropertyType(string key) => PropertyPath(key).Last().PropertyType;

    private static List<PropertyInfo> PropertyPath(string key)
    {
        var path = new List<PropertyInfo>();
        var type = typeof(DetectorOptions);
        foreach (var segment in key.Split(':'))
        {
            if (int.TryParse(segment, out _))
            {
                type = type.GetGenericArguments()[0];
                continue;
            }
            var property = type.GetProperty(segment, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)
                ?? throw new InvalidOperationException($"{key}: no property {segment} on {type.Name}");
            path.Add(property);
            type = Nullable.GetUnderlyingType(property.PropertyType) is { } inner && !inner.IsEnum ? inner : property.PropertyType;
        }
        return path;
    }

    /// <summary>The bound value at <paramref name="key"/>; null where an optional section (Pipelines:N:Alerting) is absent.</summary>
    private static object? ValueAt(object root, string key)
    {
        object? current = root;
        foreach (var segment in key.Split(':'))
        {
            current = current switch
            {
                null => null,
                IList list when int.TryParse(segment, out var index) => list[index],
                _ => current.GetType().GetProperty(segment, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)!.GetValue(current),
            };
        }
        return current;
    }

    /// <summary>The default of a key whose section is absent: its property on a new instance of the section.</summary>
    private static object? DefaultOf(string key)
    {
        var property = PropertyPath(key).Last();
        return property.GetValue(Activator.CreateInstance(property.DeclaringType!));
    }

    private static bool IsDictionary(Type type) =>
        type.GetInterfaces().Append(type).Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>));

    /// <summary>Every public value reachable from <paramref name="graph"/>, by its path.</summary>
    private static Dictionary<string, object?> Leaves(object graph)
    {
        var leaves = new Dictionary<string, object?>();
        Collect(graph, "", leaves);
        return leaves;
    }

    private static void Collect(object? value, string path, Dictionary<string, object?> leaves)
    {
        switch (value)
        {
            case null or string or TimeSpan or Enum:
            case var _ when value.GetType().IsPrimitive:
                leaves[path] = value;
                break;
            case IDictionary dictionary:
                leaves[path] = string.Join(";", dictionary.Keys.Cast<object>().Select(k => $"{k}={dictionary[k]}").Order(StringComparer.Ordinal));
                break;
            case IEnumerable items:
                leaves[path] = string.Join(";", items.Cast<object>());
                break;
            default:
                foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
                {
                    Collect(property.GetValue(value), $"{path}/{property.Name}", leaves);
                }
                break;
        }
    }
}
