using System.Diagnostics;
using StreamAe.Cli.Terminal;

namespace StreamAe.Detector.Tests.Cli;

/// <summary>Progress when the output is not a terminal: a plain line now and then, never a bar's control codes.</summary>
public sealed class ProgressLinesTests
{
    [Fact]
    public async Task Progress_is_a_plain_line_with_the_count_share_and_detail_until_the_work_completes()
    {
        var output = new StringWriter();
        var work = new TaskCompletionSource<int>();
        var tracking = new ProgressOutput.Lines(output, TimeSpan.FromMilliseconds(20))
            .TrackAsync("producing to ecg", 4500, () => 1800, work.Task, () => "epoch 3");

        var clock = Stopwatch.StartNew();
        while (!output.ToString().Contains('\n', StringComparison.Ordinal))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "no progress line was written");
            await Task.Delay(10);
        }
        work.SetResult(7);

        Assert.Equal(7, await tracking);
        var line = output.ToString().Split('\n')[0];
        Assert.Matches(@"^producing to ecg: 1,800 / 4,500 \(40 %\) after \d+ s · epoch 3$", line);
        Assert.DoesNotContain('\u001b', output.ToString());
    }

    [Fact]
    public void Without_a_total_the_line_is_a_count_and_without_a_count_the_time_alone() =>
        Assert.Equal(["producing: 12,000 after 3 s", "evaluating after 3 s"],
            [ProgressOutput.Lines.Describe("producing", 12_000, null, TimeSpan.FromSeconds(3)), ProgressOutput.Lines.Describe("evaluating", null, null, TimeSpan.FromSeconds(3))]);
}
