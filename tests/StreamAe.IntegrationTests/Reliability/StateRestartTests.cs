using System.Text.RegularExpressions;
using Confluent.Kafka;
using Xunit.Abstractions;

namespace StreamAe.IntegrationTests.Reliability;

/// <summary>Issue 17: per-series decision state survives SIGKILL and a damaged changelog, with real daemon processes.</summary>
[Collection(DetectorCollection.Name)]
public sealed partial class StateRestartTests(TrainedModels models, ITestOutputHelper output)
{
    private const int Produced = 1_200;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task After_sigkill_and_restart_every_decision_and_alert_equals_an_uninterrupted_run_and_nothing_is_lost(bool staticMembership)
    {
        using var rig = new StateRig(models, output);
        var group = rig.Kafka.NewGroupId();
        string[] identity = staticMembership ? [$"Kafka:InstanceId=daemon-{Guid.NewGuid():N}"] : [];
        var (first, firstOutput) = await rig.StartAsync(group, "state-crash", identity);
        var producing = rig.ProduceAsync(0, Produced, rate: 120);
        await StateRig.WaitAsync(first, () => Scores(firstOutput) >= Produced / 3 && rig.Committed(group) > 0,
            "a third of the stream decided and some of it committed");
        first.Probe.Kill();
        var decidedBeforeKill = Scores(firstOutput);
        rig.Log($"killed after {decidedBeforeKill} decisions, {rig.Committed(group)} committed");

        var restartedAt = System.Diagnostics.Stopwatch.StartNew();
        var (second, secondOutput) = await rig.StartAsync(group, "state-crash", identity);
        await StateRig.WaitAsync(second, () => Scores(secondOutput) > 0, "the restarted daemon's first decision", seconds: 60);
        var resumedAfter = restartedAt.Elapsed;
        await producing;
        await StateRig.WaitAsync(second, () => rig.Committed(group) == Produced, "every message committed");
        Assert.False(second.Process.HasExited, second.Process.Output);
        var restored = StateRig.RestoredSeries(second.Process.Output);
        rig.Log($"restart: {restored} series restored, first decision {resumedAfter.TotalSeconds:0.0} s after the start");
        Assert.True(restored == BeatMessages.SeriesCount,
            $"{restored} of {BeatMessages.SeriesCount} series restored; state and partition lines:\n{rig.PartitionMoves()}\n{StateLines(second.Process.Output)}");

        var (decisions, alerts) = await AssertDecidedAsUninterruptedAsync(rig, firstOutput, secondOutput);
        rig.Log($"FIGURES | SIGKILL + restart with state, {(staticMembership ? "static" : "dynamic")} membership | {decisions} decisions ({decisions - Produced} decided twice) | " +
            $"{alerts} alert transitions, all equal | restored {restored} series | first decision {resumedAfter.TotalSeconds:0.0} s after restart");
    }

    /// <remarks>The stream comes in four quarters at 50 beats a second, each move made while one flows, so windows are in
    /// flight when partitions move; each wait is for what its quarter makes certain, so a slow machine makes the moves
    /// less busy, never the test wrong.</remarks>
    [Fact]
    public async Task Three_daemons_joining_leaving_and_killed_decide_every_window_as_one_uninterrupted_daemon_would()
    {
        const int Quarter = Produced / 4;
        using var rig = new StateRig(models, output);
        var group = rig.Kafka.NewGroupId();
        var (a, aOutput) = await rig.StartAsync(group, "state-group", "Kafka:InstanceId=a");
        var (b, bOutput) = await rig.StartAsync(group, "state-group", "Kafka:InstanceId=b");
        await rig.ProduceAsync(0, Quarter, rate: 50);
        await StateRig.WaitAsync(a, () => Decided(aOutput, bOutput) == Quarter, "the first quarter decided by two members");

        var producing = rig.ProduceAsync(Quarter, Quarter, rate: 50);
        var (c, cOutput) = await rig.StartAsync(group, "state-group", "Kafka:InstanceId=c");
        await StateRig.WaitAsync(c, () => AssignedSome().IsMatch(c.Process.Output), "partitions for the third member");
        await producing;
        await StateRig.WaitAsync(c, () => Decided(aOutput, bOutput, cOutput) == 2 * Quarter, "the second quarter decided");

        producing = rig.ProduceAsync(2 * Quarter, Quarter, rate: 50);
        b.Process.Terminate();
        Assert.Equal(0, await b.Process.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        await producing;
        await StateRig.WaitAsync(c, () => Decided(aOutput, bOutput, cOutput) == 3 * Quarter, "the third quarter decided after the leave");

        producing = rig.ProduceAsync(3 * Quarter, Quarter, rate: 50);
        await StateRig.WaitAsync(c, () => Decided(aOutput, bOutput, cOutput) > 3 * Quarter + Quarter / 4, "progress in the last quarter");
        a.Probe.Kill();
        await producing;
        await StateRig.WaitAsync(c, () => rig.Committed(group) == Produced, "every message committed by the last member");

        var restored = StateRig.RestoredSeries(c.Process.Output);
        var (decisions, alerts) = await AssertDecidedAsUninterruptedAsync(rig, aOutput, bOutput, cOutput);
        Assert.True(restored > 0, "the last member restored the series of the partitions it took over");
        rig.Log($"FIGURES | 3 daemons: join, leave (SIGTERM), kill (SIGKILL) | {decisions} decisions ({decisions - Produced} decided twice) | " +
            $"{alerts} alert transitions, all equal | last member restored {restored} series");
    }

    [Fact]
    public async Task A_changelog_on_brokers_that_do_not_answer_stops_the_start_with_one_line_and_the_retry_exit_code()
    {
        var directory = Directory.CreateTempSubdirectory("streamae-state-down-").FullName;
        try
        {
            using var daemon = new DaemonProcess("run",
                "--set", $"Kafka:BootstrapServers=127.0.0.1:{DaemonSettings.FreePort()}", "--set", "Pipelines:0:Name=ecg",
                "--set", "Pipelines:0:Topics:0=ecg", "--set", $"Pipelines:0:ModelPath={models.Dense}",
                "--set", "Pipelines:0:State:Enabled=true", "--set", "Pipelines:0:State:RestoreTimeout=00:00:02",
                "--set", $"Sink:File:Path={Path.Combine(directory, "out.jsonl")}",
                "--set", $"Http:Urls=http://127.0.0.1:{DaemonSettings.FreePort()}");

            Assert.Equal(3, await daemon.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            var line = Assert.Single(daemon.Output.Split('\n'), l => l.Contains("start-up failed", StringComparison.Ordinal));
            Assert.Contains("changelog 'streamae-state-streamae-ecg' could not be opened within 00:00:02", line, StringComparison.Ordinal);
            Assert.DoesNotMatch(StackFrame(), daemon.Output);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string StateLines(string log) => string.Join("\n",
        log.Split('\n').Where(line => line.Contains("State", StringComparison.Ordinal) || line.Contains("changelog", StringComparison.OrdinalIgnoreCase)));

    /// <summary>Every window of the stream decided (nothing lost), each decision (replays too) and the alert transitions
    /// equal to those of one daemon that read the whole stream without interruption. Returns the decisions and alerts.</summary>
    private static async Task<(int Decisions, int Alerts)> AssertDecidedAsUninterruptedAsync(StateRig rig, params string[] outputs)
    {
        var (reference, referenceOutput) = await rig.StartAsync(rig.Kafka.NewGroupId(), "state-reference");
        await StateRig.WaitAsync(reference, () => Scores(referenceOutput) >= Produced, "the uninterrupted run");
        reference.Process.Terminate();

        var expected = StateRig.Read(referenceOutput);
        var actual = StateRig.Read(outputs);
        var expectedScores = expected.Where(d => d.IsScore).ToDictionary(d => (d.Series, d.Time));
        Assert.Equal(Produced, expectedScores.Count);
        var actualScores = actual.Where(d => d.IsScore).ToList();
        Assert.Equal(expectedScores.Keys.ToHashSet(), actualScores.Select(d => (d.Series, d.Time)).ToHashSet()); // nothing lost
        // Replayed windows (decided again after the kill) too: the restored state decides them as before.
        var differing = actualScores
            .Select(decided => (Decided: decided, Wanted: expectedScores[(decided.Series, decided.Time)]))
            .Where(pair => pair.Wanted.Anomaly != pair.Decided.Anomaly
                || Math.Abs(pair.Wanted.Threshold - pair.Decided.Threshold) > 1e-5
                || Math.Abs(pair.Wanted.Calibrated - pair.Decided.Calibrated) > 1e-5)
            .ToList();
        Assert.True(differing.Count == 0,
            $"{differing.Count} decisions differ from the uninterrupted run's, first ones:\n" +
            string.Join("\n", differing.Take(12).Select(pair => $"{pair.Decided}: uninterrupted {pair.Wanted}")) +
            $"\nthe daemons' partition moves:\n{rig.PartitionMoves()}");
        var expectedAlerts = expected.Where(d => !d.IsScore).Select(d => (d.Series, d.Time, d.State)).ToHashSet();
        Assert.NotEmpty(expectedAlerts);
        Assert.Equal(expectedAlerts, actual.Where(d => !d.IsScore).Select(d => (d.Series, d.Time, d.State)).ToHashSet());
        return (actualScores.Count, expectedAlerts.Count);
    }

    [Theory]
    [InlineData("corrupt")]
    [InlineData("older format")]
    public async Task A_damaged_changelog_record_is_one_log_line_its_series_recalibrates_and_the_daemon_goes_on(string damage)
    {
        using var rig = new StateRig(models, output);
        var group = rig.Kafka.NewGroupId();
        await rig.ProduceAsync(0, 500);
        var (first, _) = await rig.StartAsync(group, "state-damaged");
        await StateRig.WaitAsync(first, () => rig.Committed(group) == 500, "the first 500 committed");
        first.Process.Terminate();
        Assert.Equal(0, await first.Process.WaitForExitAsync(TimeSpan.FromSeconds(60)));

        var (partition, record) = Latest(rig, "state-damaged", "s0");
        record = damage == "corrupt" ? [.. record[..^9], (byte)(record[^9] ^ 0x5A), .. record[^8..]] : [0, .. record[1..]];
        using (var producer = new ProducerBuilder<byte[], byte[]>(rig.Kafka.ProducerConfig()).Build())
        {
            producer.Produce(new TopicPartition("state-damaged", partition), new Message<byte[], byte[]> { Key = "s0"u8.ToArray(), Value = record });
            producer.Flush(TimeSpan.FromSeconds(30));
        }
        await rig.ProduceAsync(500, 500);
        var (second, secondOutput) = await rig.StartAsync(group, "state-damaged");
        await StateRig.WaitAsync(second, () => rig.Committed(group) == 1_000, "the next 500 committed");

        var log = await StateRig.StopAsync(second);
        var warning = Assert.Single(log.Split('\n'), line => line.Contains("unusable", StringComparison.Ordinal));
        Assert.Contains("'s0'", warning, StringComparison.Ordinal);
        Assert.Contains(damage == "corrupt" ? "checksum" : "format version 0", warning, StringComparison.Ordinal);
        Assert.Contains("recalibrate", warning, StringComparison.Ordinal);
        Assert.DoesNotMatch(StackFrame(), log);
        Assert.Equal(BeatMessages.SeriesCount - 1, StateRig.RestoredSeries(log));
        Assert.Equal(500, StateRig.Read(secondOutput).Count(d => d.IsScore && d.Time >= BeatMessages.BaseTimestampMs + 500));
        rig.Log(warning.Trim());
    }

    private static int Scores(string path) => StateRig.Read(path).Count(d => d.IsScore);

    /// <summary>Windows decided at least once, by any of the daemons.</summary>
    private static int Decided(params string[] paths) =>
        StateRig.Read(paths).Where(d => d.IsScore).Select(d => (d.Series, d.Time)).Distinct().Count();

    /// <summary>The last record of a series in the changelog, and its partition.</summary>
    private static (int Partition, byte[] Value) Latest(StateRig rig, string topic, string series)
    {
        var config = rig.Kafka.ConsumerConfig(rig.Kafka.NewGroupId());
        config.EnablePartitionEof = true;
        using var consumer = new ConsumerBuilder<string, byte[]>(config).Build();
        var partitions = Enumerable.Range(0, StateRig.Partitions).ToList();
        consumer.Assign(partitions.Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var ended = new HashSet<int>();
        (int, byte[])? latest = null;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (ended.Count < partitions.Count && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromSeconds(1)) is not { } result)
            {
                continue;
            }
            if (result.IsPartitionEOF)
            {
                ended.Add(result.Partition.Value);
            }
            else if (result.Message.Key == series)
            {
                latest = (result.Partition.Value, result.Message.Value);
            }
        }
        return latest ?? throw new InvalidOperationException($"no state of {series} in {topic}");
    }

    [GeneratedRegex(@"Partitions assigned: \S")]
    private static partial Regex AssignedSome();

    [GeneratedRegex(@"\n\s+at \S+\(")]
    private static partial Regex StackFrame();
}
