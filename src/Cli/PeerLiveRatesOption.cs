using System.CommandLine;

namespace StreamAe.Cli;

/// <summary><c>--peer-live-rates</c>: the live rates of the peer suite; given with no rate, it skips the live part.</summary>
internal static class PeerLiveRatesOption
{
    public static Option<int[]> Create()
    {
        var option = new Option<int[]>("--peer-live-rates")
        {
            Description = "For the peer suite: live rates (samples/s), each measured for 15 s against its floor (a bare consumer); the option alone, with no rate, skips them.",
            DefaultValueFactory = _ => [20_000, 50_000],
            AllowMultipleArgumentsPerToken = true,
            Arity = ArgumentArity.ZeroOrMore,
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int[]>().Any(rate => rate < 1_000))
            {
                result.AddError("--peer-live-rates takes rates of at least 1000 samples/s.");
            }
        });
        return option;
    }

    /// <summary>The rates asked for: none when the option came without a rate (its default fills an empty option in).</summary>
    public static int[] Chosen(ParseResult parsed, Option<int[]> option) =>
        parsed.GetResult(option) is { Implicit: false, Tokens.Count: 0 } ? [] : parsed.GetValue(option) ?? [];
}
