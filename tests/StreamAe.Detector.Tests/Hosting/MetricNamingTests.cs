using System.Diagnostics.Metrics;
using System.Text.RegularExpressions;
using StreamAe.Detector.Hosting;

namespace StreamAe.Detector.Tests.Hosting;

/// <summary>
/// Every StreamAe instrument follows docs/deploy.md's naming scheme: named as exported (the bridge only appends
/// <c>_total</c> to counters), <c>streamae_&lt;stage&gt;_&lt;what&gt;_&lt;unit&gt;</c>, its name ending in its unit.
/// </summary>
public sealed partial class MetricNamingTests
{
    [Fact]
    public void Every_instrument_is_named_streamae_stage_what_unit_and_its_name_ends_in_its_unit()
    {
        var instruments = new List<Instrument>();
        using (var listener = new MeterListener())
        {
            listener.InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name.StartsWith("StreamAe.", StringComparison.Ordinal))
                {
                    instruments.Add(instrument);
                }
            };
            StreamAeMeters.Create();
            listener.Start();
        }

        Assert.True(instruments.Count >= 30, $"only {instruments.Count} instruments found");
        Assert.Empty(instruments.Select(Problem).OfType<string>());
    }

    [Theory]
    [InlineData("streamae_sink_write_seconds", "s", null)]
    [InlineData("streamae_detector_scored_windows", "{window}", null)]
    [InlineData("streamae_state_restored_series", "{series}", null)]
    [InlineData("streamae_sink_retries", "{retry}", null)]
    [InlineData("streamae_sink_batches", "{batch}", null)]
    [InlineData("streamae_detector_scoring_time", "s", "unit 's'")]
    [InlineData("streamae_detector_batch_size", "{window}", "unit '{window}'")]
    [InlineData("streamae_ingest_messages_total", "{message}", "no _total")]
    [InlineData("streamae.ingest.messages", "{message}", "not streamae_<stage>_<what>_<unit>")]
    [InlineData("streamae_model_windows", "{window}", "not streamae_<stage>_<what>_<unit>")]
    public void The_check_catches_names_that_do_not_end_in_their_unit(string name, string unit, string? problem)
    {
        var found = Problem(name, unit);
        if (problem is null)
        {
            Assert.Null(found);
        }
        else
        {
            Assert.Contains(problem, found);
        }
    }

    private static string? Problem(Instrument instrument) =>
        instrument.Name == "streamae_build_info" ? null : Problem(instrument.Name, instrument.Unit);

    private static string? Problem(string name, string? unit)
    {
        if (!Scheme().IsMatch(name))
        {
            return $"{name}: not streamae_<stage>_<what>_<unit> (stage ingest, detector, state or sink; no _total, the bridge adds it)";
        }
        var suffix = unit switch
        {
            "s" => "_seconds",
            "By" => "_bytes",
            ['{', .. var thing, '}'] => "_" + Plural(thing),
            _ => null,
        };
        return suffix is not null && name.EndsWith(suffix, StringComparison.Ordinal) ? null : $"{name}: unit '{unit}' needs a name ending in {suffix ?? "a base unit"}";
    }

    private static string Plural(string thing) => thing switch
    {
        _ when thing.EndsWith('s') => thing,
        _ when thing.EndsWith("ch", StringComparison.Ordinal) => thing + "es",
        _ when thing.EndsWith('y') => thing[..^1] + "ies",
        _ => thing + "s",
    };

    [GeneratedRegex("^streamae_(ingest|detector|state|sink)(_[a-z]+)+(?<!_total)$")]
    private static partial Regex Scheme();
}
