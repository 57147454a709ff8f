using StreamAe.Tools.Demo;

namespace StreamAe.Detector.Tests.Demo;

public sealed class BuiltinDataTests
{
    [Theory]
    [InlineData("builtin:ecg5000-train", 500)]
    [InlineData("builtin:ecg5000-test", 4500)]
    public void Shipped_ecg_beats_decompress_to_the_ucr_rows(string name, int rows)
    {
        var lines = File.ReadAllLines(BuiltinData.Resolve(name));
        Assert.Equal(rows, lines.Length);
        Assert.All(lines, line => Assert.Equal(141, line.Split('\t').Length));
    }

    [Fact]
    public void Plain_paths_pass_through_and_unknown_names_are_refused_clearly()
    {
        Assert.Equal("/data/x.tsv", BuiltinData.Resolve("/data/x.tsv"));
        var error = Assert.Throws<ArgumentException>(() => BuiltinData.Resolve("builtin:nope"));
        Assert.Contains("builtin:ecg5000-train", error.Message);
    }
}
