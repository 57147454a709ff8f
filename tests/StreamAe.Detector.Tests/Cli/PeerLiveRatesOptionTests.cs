using System.CommandLine;
using StreamAe.Cli;

namespace StreamAe.Detector.Tests.Cli;

public sealed class PeerLiveRatesOptionTests
{
    [Theory]
    [InlineData(new string[0], new[] { 20_000, 50_000 })]
    [InlineData(new[] { "--peer-live-rates" }, new int[0])]
    [InlineData(new[] { "--peer-live-rates", "30000" }, new[] { 30_000 })]
    [InlineData(new[] { "--peer-live-rates", "20000", "40000" }, new[] { 20_000, 40_000 })]
    public void Rates_default_to_20k_and_50k_and_the_option_alone_skips_the_live_part(string[] args, int[] expected)
    {
        var option = PeerLiveRatesOption.Create();
        var parsed = new RootCommand { option }.Parse(args);

        Assert.Empty(parsed.Errors);
        Assert.Equal(expected, PeerLiveRatesOption.Chosen(parsed, option));
    }
}
