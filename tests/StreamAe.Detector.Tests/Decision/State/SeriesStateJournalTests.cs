using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using StreamAe.Contracts;
using StreamAe.Detector.Decision;
using StreamAe.Detector.Decision.Alerts;
using StreamAe.Detector.Decision.State;
using StreamAe.Detector.Decision.Thresholds;
using StreamAe.Ingest.Source;

namespace StreamAe.Detector.Tests.Decision.State;

public sealed class SeriesStateJournalTests
{
    private const string Input = "in";
    private static readonly TopicPartition Partition0 = new(Input, 0);
    private static readonly float[] Seed = Enumerable.Range(0, 200).Select(i => 0.5f + 0.001f * i).ToArray();

    [Theory]
    [InlineData(ThresholdMode.Adaptive)]
    [InlineData(ThresholdMode.Spot)]
    [InlineData(ThresholdMode.Rolling)]
    [InlineData(ThresholdMode.Static)]
    public void A_daemon_restored_from_the_changelog_decides_every_later_window_as_one_never_stopped(ThresholdMode mode)
    {
        var changelog = new MemoryChangelog();
        var uninterrupted = new Rig(mode, changelog);
        var windows = Stream(series: 3, perSeries: 1_320, seed: (int)mode); // the cut falls inside a fault of s0
        var cut = windows.Count / 2;
        foreach (var (window, score) in windows.Take(cut))
        {
            uninterrupted.DecideAndDeliver(window, score);
        }
        uninterrupted.Journal.WriteAll();
        changelog.CompleteWrites();

        // A new process: a new model reference (same file, so same version and content) and an empty decision stage.
        var restarted = new Rig(mode, changelog, new ModelReference("m", 1, 1.0, [.. Seed]));
        var openBefore = uninterrupted.Decisions.Alerts.OpenAlerts;
        Assert.True(openBefore > 0, "the cut should fall inside an open alert");
        foreach (var (window, score) in windows.Skip(cut))
        {
            var expected = uninterrupted.Decide(Copy(window), score);
            var actual = restarted.Decide(Copy(window), score);
            Assert.Equal(Describe(expected), Describe(actual));
        }
        Assert.Equal(uninterrupted.Decisions.Alerts.OpenAlerts, restarted.Decisions.Alerts.OpenAlerts);
    }

    [Fact]
    public void A_window_is_acknowledged_to_the_source_only_once_the_sinks_hold_it_and_its_state_is_written()
    {
        var changelog = new MemoryChangelog();
        var rig = new Rig(ThresholdMode.Adaptive, changelog, writeEveryWindows: 3);
        var tokens = Enumerable.Range(0, 3).Select(_ => new CountingToken()).ToList();
        var decided = tokens.Select((token, i) => rig.Decide(TestWindows.Make("a", 1_000 + i, delivery: token), 0.5)).ToList();

        Assert.Equal(0, changelog.Queued); // the third window took a snapshot, but its windows are not in the sinks yet
        decided[0].Decided.Window.Delivery!.Delivered();
        decided[1].Decided.Window.Delivery!.Delivered();
        Assert.Equal(0, changelog.Queued);
        decided[2].Decided.Window.Delivery!.Delivered();
        Assert.Equal(1, changelog.Queued);
        Assert.All(tokens, token => Assert.Equal(0, token.Count));

        changelog.CompleteWrites();
        Assert.All(tokens, token => Assert.Equal(1, token.Count));
    }

    [Fact]
    public void A_quiet_series_is_written_once_its_interval_passes_and_a_failed_write_is_taken_again()
    {
        var clock = new ManualClock();
        var changelog = new MemoryChangelog();
        var rig = new Rig(ThresholdMode.Adaptive, changelog, clock: clock);
        var token = new CountingToken();
        rig.DecideAndDeliver(TestWindows.Make("a", 1_000, delivery: token), 0.5);

        clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(0, changelog.Queued);
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, changelog.Queued);
        changelog.CompleteWrites(succeed: false);
        Assert.Equal(0, token.Count);

        clock.Advance(TimeSpan.FromSeconds(6));
        changelog.CompleteWrites();
        Assert.Equal(1, token.Count);
    }

    [Fact]
    public void Windows_read_again_after_a_restart_that_the_restored_state_holds_are_acknowledged_not_decided_again()
    {
        var changelog = new MemoryChangelog();
        var before = new Rig(ThresholdMode.Adaptive, changelog);
        for (var i = 0; i < 10; i++)
        {
            before.DecideAndDeliver(TestWindows.Make("a", 1_000 + i), 0.5);
        }
        before.Journal.WriteAll();
        changelog.CompleteWrites();

        var after = new Rig(ThresholdMode.Adaptive, changelog);
        var replayed = new CountingToken();
        Assert.False(after.Journal.TryDecide(Owned(TestWindows.Make("a", 1_009, delivery: replayed), after.Assignment), 0.5, after.Model, default, out _, out _));
        Assert.Equal(1, replayed.Count);
        Assert.True(after.Journal.TryDecide(Owned(TestWindows.Make("a", 1_010), after.Assignment), 0.5, after.Model, default, out _, out _));
    }

    [Theory]
    [InlineData("corrupt", "checksum mismatch")]
    [InlineData("older", "format version 0")]
    public void An_unusable_record_is_one_log_line_and_its_series_calibrates_afresh(string damage, string said)
    {
        var changelog = new MemoryChangelog();
        var before = new Rig(ThresholdMode.Adaptive, changelog);
        var windows = Stream(series: 2, perSeries: 300, seed: 5);
        foreach (var (window, score) in windows)
        {
            before.DecideAndDeliver(window, score);
        }
        before.Journal.WriteAll();
        changelog.CompleteWrites();
        var record = Latest(changelog, "s0");
        if (damage == "corrupt")
        {
            record[record.Length / 2] ^= 0x40;
        }
        else
        {
            record[0] = 0;
        }
        changelog.Append(0, "s0", record);

        var logger = new RecordingLogger();
        var after = new Rig(ThresholdMode.Adaptive, changelog, logger: logger);
        var fresh = new Rig(ThresholdMode.Adaptive, new MemoryChangelog());
        var next = Stream(series: 2, perSeries: 50, seed: 6, startMs: 1_000_000);
        foreach (var (window, score) in next.Where(w => w.Window.Series == "s0"))
        {
            Assert.Equal(Describe(fresh.Decide(Copy(window), score)), Describe(after.Decide(Copy(window), score)));
        }
        var warning = Assert.Single(logger.Lines, line => line.Level >= LogLevel.Warning);
        Assert.Contains(said, warning.Message, StringComparison.Ordinal);
        Assert.Contains("recalibrate", warning.Message, StringComparison.Ordinal);
        Assert.Null(warning.Exception);
        // The other series was restored: it does not decide like a fresh one.
        var restoredSeries = next.Where(w => w.Window.Series == "s1").ToList();
        Assert.NotEqual(
            restoredSeries.Select(w => Describe(fresh.Decide(Copy(w.Window), w.Score))),
            restoredSeries.Select(w => Describe(after.Decide(Copy(w.Window), w.Score))));
    }

    [Fact]
    public void A_series_evicted_for_idleness_is_written_without_its_state_so_a_restore_recalibrates_it_as_the_daemon_would()
    {
        var clock = new ManualClock();
        var changelog = new MemoryChangelog();
        var before = new Rig(ThresholdMode.Adaptive, changelog, clock: clock);
        foreach (var (window, score) in Stream(series: 1, perSeries: 300, seed: 9))
        {
            before.DecideAndDeliver(window, score);
        }
        before.Journal.WriteAll();
        changelog.CompleteWrites();

        clock.Advance(TimeSpan.FromHours(2)); // past the thresholds' idle timeout (1 h)
        Assert.Empty(before.Journal.EvictIdle());
        clock.Advance(TimeSpan.FromSeconds(6)); // the write interval (5 s)
        changelog.CompleteWrites();

        var after = new Rig(ThresholdMode.Adaptive, changelog);
        var fresh = new Rig(ThresholdMode.Adaptive, new MemoryChangelog());
        foreach (var (window, score) in Stream(series: 1, perSeries: 20, seed: 10, startMs: 1_000_000))
        {
            Assert.Equal(Describe(fresh.Decide(Copy(window), score)), Describe(after.Decide(Copy(window), score)));
        }
    }

    [Fact]
    public void A_revoked_partition_writes_its_changed_series_before_it_goes_and_nothing_after()
    {
        var changelog = new MemoryChangelog();
        var rig = new Rig(ThresholdMode.Adaptive, changelog);
        rig.DecideAndDeliver(TestWindows.Make("a", 1_000), 0.5);

        rig.Journal.Revoking([Partition0]);
        Assert.Equal(1, changelog.Queued);
        rig.Journal.Released([Partition0]);
        Assert.Equal(1, changelog.Durable);

        var inFlight = new CountingToken();
        var stale = Owned(TestWindows.Make("a", 1_001, delivery: inFlight), assignment: 0); // in flight when the partition went
        Assert.False(rig.Journal.TryDecide(stale, 0.5, rig.Model, default, out _, out _));
        Assert.Equal(1, inFlight.Count);
        rig.Journal.WriteAll();
        Assert.Equal(0, changelog.Queued);
    }

    [Fact]
    public void Windows_in_flight_across_a_revoke_and_a_new_assignment_reach_the_series_state_once_each_in_order()
    {
        // Eager rebalancing revokes every partition and often gives one back to the same daemon. Windows read before the
        // revoke arrive before, between and after that; the state restored at the new assignment must see each window
        // once, in order, as the daemon that never lost the partition does.
        var windows = Stream(series: 1, perSeries: 600, seed: 3);
        var uninterrupted = new Rig(ThresholdMode.Adaptive, new MemoryChangelog());
        var expected = windows.Select(w => Describe(uninterrupted.Decide(Copy(w.Window), w.Score))).ToList();

        var changelog = new MemoryChangelog();
        var rig = new Rig(ThresholdMode.Adaptive, changelog);
        var actual = new List<string>();
        foreach (var (window, score) in windows.Take(400))
        {
            var decision = rig.Decide(Copy(window), score);
            decision.Decided.Window.Delivery?.Delivered();
            actual.Add(Describe(decision));
        }
        rig.Journal.Revoking([Partition0]);
        rig.Journal.Released([Partition0]);
        changelog.CompleteWrites();
        Assert.False(rig.Journal.TryDecide(Owned(Copy(windows[400].Window), assignment: 0), windows[400].Score, rig.Model, default, out _, out _));

        rig.Reassign();
        Assert.False(rig.Journal.TryDecide(Owned(Copy(windows[401].Window), assignment: 0), windows[401].Score, rig.Model, default, out _, out _));
        foreach (var (window, score) in windows.Skip(400)) // read again from the committed offset
        {
            actual.Add(Describe(rig.Decide(Copy(window), score)));
        }

        Assert.Equal(expected, actual);
    }

    private static byte[] Latest(MemoryChangelog changelog, string series) =>
        (byte[])changelog.Read([0], TimeSpan.Zero).Latest[series].Clone();

    private static Window Owned(Window window, int assignment)
    {
        window.SourceTopic = Input;
        window.SourcePartition = 0;
        window.SourceAssignment = assignment;
        return window;
    }

    private static Window Copy(Window window) => TestWindows.Make(window.Series, window.EndMs);

    private static string Describe((ScoredWindow Decided, AlertEvent? Alert) decision) =>
        $"{decision.Decided.Window.Series} {decision.Decided.Window.EndMs} {BitConverter.DoubleToInt64Bits(decision.Decided.Threshold):X} " +
        $"{BitConverter.DoubleToInt64Bits(decision.Decided.CalibratedScore):X} {decision.Decided.Anomaly} {decision.Alert}";

    /// <summary>Interleaved series of noisy errors, each with a fault (a run of high errors) at its own time.</summary>
    private static List<(Window Window, double Score)> Stream(int series, int perSeries, int seed, long startMs = 0)
    {
        var random = new Random(seed);
        var windows = new List<(Window, double)>();
        for (var i = 0; i < perSeries; i++)
        {
            for (var s = 0; s < series; s++)
            {
                var intoFault = (i + 40 * s) % 1_000 - 640;
                // A growing fault: every window of it stands out, even against a rolling window that learns from it.
                var score = 0.5 + 0.1 * random.NextDouble() + (intoFault is > 0 and < 30 ? 2 + 0.2 * intoFault : 0);
                windows.Add((TestWindows.Make($"s{s}", startMs + 1_000 + i * 10), score));
            }
        }
        return windows;
    }

    private sealed class Rig
    {
        public Rig(ThresholdMode mode, MemoryChangelog changelog, ModelReference? model = null, int writeEveryWindows = 100,
            ManualClock? clock = null, ILogger? logger = null)
        {
            Model = model ?? new ModelReference("m", 1, 1.0, [.. Seed]);
            var thresholds = new ThresholdOptions { Mode = mode, ReferenceWindows = 300, CalibrationWindows = 200, RollingWindow = 100, Risk = 1e-2 };
            Decisions = new DecisionStage(thresholds, new AlertingOptions(), clock);
            Journal = new SeriesStateJournal(new StateOptions { Enabled = true, WriteEveryWindows = writeEveryWindows },
                Decisions, changelog, "state", logger ?? new RecordingLogger(), clock ?? new ManualClock());
            Journal.Assigned([new AssignedPartition(Partition0, Assignment)]);
        }

        /// <summary>The number of the rig's current assignment of partition 0; its windows carry it.</summary>
        public int Assignment { get; private set; }

        public ModelReference Model { get; }

        public DecisionStage Decisions { get; }

        public SeriesStateJournal Journal { get; }

        public (ScoredWindow Decided, AlertEvent? Alert) Decide(Window window, double score)
        {
            Assert.True(Journal.TryDecide(Owned(window, Assignment), score, Model, default, out var decided, out var alert));
            return (decided, alert);
        }

        /// <summary>Partition 0 comes back under a new assignment after a revoke.</summary>
        public void Reassign() => Journal.Assigned([new AssignedPartition(Partition0, ++Assignment)]);

        public void DecideAndDeliver(Window window, double score) => Decide(window, score).Decided.Window.Delivery?.Delivered();
    }

    private sealed class CountingToken : IDeliveryToken
    {
        public int Count { get; private set; }

        public void Delivered() => Count++;
    }
}
