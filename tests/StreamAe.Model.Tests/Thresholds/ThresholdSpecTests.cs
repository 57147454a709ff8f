using StreamAe.Model.Thresholds;

namespace StreamAe.Model.Tests.Thresholds;

public sealed class ThresholdSpecTests
{
    [Theory]
    [InlineData("meansd:2.5", "meansd", 2.5)]
    [InlineData("percentile:99.5", "percentile", 99.5)]
    [InlineData("percentile:100", "percentile", 100)]
    [InlineData("pot:0.0001", "pot", 1e-4)]
    [InlineData("pot:1e-3", "pot", 1e-3)]
    [InlineData("max", "max", 0)]
    [InlineData("bestf1", "bestf1", 0)]
    [InlineData(" MeanSD : 3 ", "meansd", 3)]
    public void Parses_every_form(string text, string method, double parameter)
    {
        var spec = ThresholdSpec.Parse(text);

        Assert.Equal(method, spec.Method);
        Assert.Equal(parameter, spec.Parameter);
    }

    [Fact]
    public void Defaults_apply_when_the_parameter_is_left_out()
    {
        Assert.Equal(new ThresholdSpec("meansd", 1), ThresholdSpec.Parse("meansd"));
        Assert.Equal(new ThresholdSpec("pot", 1e-3), ThresholdSpec.Parse("pot"));
    }

    [Theory]
    [InlineData("meansd:2.5")]
    [InlineData("meansd:0")]
    [InlineData("percentile:99.5")]
    [InlineData("percentile:0.001")]
    [InlineData("pot:1E-05")]
    [InlineData("max")]
    [InlineData("bestf1")]
    public void ToString_round_trips(string text)
    {
        var spec = ThresholdSpec.Parse(text);

        Assert.Equal(spec, ThresholdSpec.Parse(spec.ToString()));
    }

    [Fact]
    public void ToString_writes_canonical_text()
    {
        Assert.Equal("meansd:1", ThresholdSpec.Parse("meansd").ToString());
        Assert.Equal("pot:0.001", ThresholdSpec.Parse("pot").ToString());
        Assert.Equal("percentile:99.5", ThresholdSpec.Parse("PERCENTILE:99.50").ToString());
        Assert.Equal("max", ThresholdSpec.Parse("max").ToString());
    }

    [Theory]
    [InlineData("median")]
    [InlineData("")]
    [InlineData("percentile")]
    [InlineData("meansd:abc")]
    [InlineData("meansd:1,5")]
    [InlineData("max:3")]
    [InlineData("bestf1:0.5")]
    public void Malformed_text_is_a_format_error_naming_the_valid_forms(string text)
    {
        var error = Assert.Throws<FormatException>(() => ThresholdSpec.Parse(text));

        Assert.Contains("percentile:p", error.Message, StringComparison.Ordinal);
        Assert.False(ThresholdSpec.TryParse(text, out _));
    }

    [Theory]
    [InlineData("percentile:0")]
    [InlineData("percentile:100.5")]
    [InlineData("percentile:-3")]
    [InlineData("meansd:-1")]
    [InlineData("meansd:NaN")]
    [InlineData("pot:0")]
    [InlineData("pot:1")]
    public void Out_of_range_parameters_are_argument_errors_naming_the_valid_forms(string text)
    {
        var error = Assert.Throws<ArgumentException>(() => ThresholdSpec.Parse(text));

        Assert.Contains("pot[:q]", error.Message, StringComparison.Ordinal);
    }
}
