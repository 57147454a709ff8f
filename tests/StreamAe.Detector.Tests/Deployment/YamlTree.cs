using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace StreamAe.Detector.Tests.Deployment;

/// <summary>
/// A loaded YAML document (merge keys resolved) navigated by key; a missing key fails the test with its path.
/// </summary>
internal sealed class YamlTree
{
    private readonly object? _value;

    private YamlTree(object? value, string path)
    {
        _value = value;
        Path = path;
    }

    public string Path { get; }

    public static YamlTree Load(string relativePath)
    {
        using var reader = new StringReader(RepositoryFiles.Read(relativePath));
        var document = new DeserializerBuilder().Build().Deserialize<object?>(new MergingParser(new Parser(reader)));
        return new YamlTree(document, relativePath);
    }

    public bool IsMapping => _value is IDictionary<object, object?>;

    public bool IsSequence => _value is IList<object?>;

    public YamlTree this[string key]
    {
        get
        {
            var mapping = Mapping();
            Assert.True(mapping.TryGetValue(key, out var child), $"{Path}: no key '{key}'");
            return new YamlTree(child, $"{Path}.{key}");
        }
    }

    public bool Has(string key) => _value is IDictionary<object, object?> mapping && mapping.ContainsKey(key);

    public IReadOnlyList<string> Keys => Mapping().Keys.Select(key => (string)key).ToList();

    public IReadOnlyList<YamlTree> Items
    {
        get
        {
            Assert.True(_value is IList<object?>, $"{Path}: expected a sequence");
            return ((IList<object?>)_value!).Select((item, index) => new YamlTree(item, $"{Path}[{index}]")).ToList();
        }
    }

    public string Text
    {
        get
        {
            Assert.True(_value is string, $"{Path}: expected a scalar");
            return (string)_value!;
        }
    }

    /// <summary>A scalar, or a sequence of scalars joined by spaces (how compose's command and test lists read).</summary>
    public string Joined => IsSequence ? string.Join(' ', Items.Select(item => item.Text)) : Text;

    private IDictionary<object, object?> Mapping()
    {
        Assert.True(_value is IDictionary<object, object?>, $"{Path}: expected a mapping");
        return (IDictionary<object, object?>)_value!;
    }
}
