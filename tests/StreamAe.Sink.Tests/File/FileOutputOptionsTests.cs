using StreamAe.Sink.File;
using StreamAe.Sink.Points;

namespace StreamAe.Sink.Tests.File;

public sealed class FileOutputOptionsTests
{
    [Fact]
    public void An_unknown_format_and_a_blank_path_are_reported_with_their_keys()
    {
        var options = new SinkOptions { File = new FileOutputOptions { Format = (PointFormat)7, Path = "  " } };

        var failure = Assert.Throws<ArgumentException>(() => SinkFactory.Create(options));

        Assert.Contains("Sink:File:Format must be LineProtocol or JsonLines, got 7.", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Sink:File:Path must not be blank", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(PointFormat.LineProtocol, "", "streamae-output.lp")]
    [InlineData(PointFormat.JsonLines, "", "streamae-output.jsonl")]
    [InlineData(PointFormat.JsonLines, "scores.txt", "scores.txt")]
    public void Without_a_path_the_file_is_named_after_its_format(PointFormat format, string path, string expected)
    {
        var options = new FileOutputOptions { Format = format, Path = path };

        Assert.Empty(options.Validate(FileOutputOptions.Section));
        Assert.Equal(expected, options.ResolvedPath);
    }
}
