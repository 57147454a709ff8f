using StreamAe.Contracts;
using StreamAe.Detector.Decision.Alerts;

namespace StreamAe.Detector.Tests.Decision.Alerts;

public sealed class ResidualExplanationTests
{
    [Fact]
    public void Names_the_worst_reconstructed_samples_and_channels_in_order()
    {
        // 3 samples × 2 channels, sample-major; residuals: s0c0 0.1, s0c1 -2, s1c0 0, s1c1 0.5, s2c0 3, s2c1 0
        var window = new Window { Series = "pump", StartMs = 0, EndMs = 20, Length = 3, Channels = 2, Values = [1, 0, 1, 1, 4, 1] };
        var scored = new ScoredWindow(window, "m", 5, 1, true, Reconstruction: [0.9f, 2, 1, 0.5f, 1, 1]);

        Assert.Equal("sample 2 channel 0 (+3), sample 0 channel 1 (-2), sample 1 channel 1 (+0.5)", ResidualExplanation.Describe(scored, 3));
    }

    [Fact]
    public void Without_a_reconstruction_there_is_nothing_to_explain()
    {
        Assert.Null(ResidualExplanation.Describe(new ScoredWindow(TestWindows.Make("s", 1), "m", 5, 1, true), 3));
    }
}
