using Confluent.Kafka;
using StreamAe.Contracts;
using StreamAe.Ingest.Commit;
using StreamAe.Ingest.Windowing;

namespace StreamAe.Ingest.Tests.Commit;

/// <summary>
/// Random interleavings of messages, series, acknowledgements, commits and crashes against the windower and the
/// offset tracker, with an in-memory log standing in for Kafka. Sample values are unique ids, so every window
/// tells exactly which samples (and so which messages) it was built from.
/// </summary>
public sealed class OffsetTrackerPropertyTests
{
    private const string Topic = "prop";

    private sealed record LogMessage(string Series, int[] SampleIds, bool IsTail = false);

    [Fact]
    public void No_window_is_lost_and_the_commit_never_passes_an_undelivered_window()
    {
        var totalCrashes = 0;
        for (var seed = 1UL; seed <= 150; seed++)
        {
            totalCrashes += RunScenario(seed);
        }
        Assert.True(totalCrashes > 150, $"the scenarios should crash often (crashed {totalCrashes} times)");
    }

    /// <summary>Runs one random scenario and returns how many crashes it went through.</summary>
    private static int RunScenario(ulong seed)
    {
        var random = new SplitMix64(seed);
        var partitions = 1 + random.Below(3);
        var seriesPerPartition = 1 + random.Below(3);
        var windowLength = 2 + random.Below(6);
        var hop = 1 + random.Below(windowLength);
        var chunked = random.Chance(50);
        var timeAligned = random.Chance(50);
        var log = BuildLog(random, partitions, seriesPerPartition, windowLength, chunked);
        var options = new WindowerOptions
        {
            WindowLength = windowLength,
            Hop = hop,
            OutOfOrder = OutOfOrderPolicy.Accept,
            SampleIntervalMs = timeAligned ? 1 : 0, // timestamps are the sample ids, so series are irregular
        };

        var reference = new List<int[]>();
        RunToEnd(log, options, new long[partitions], w => reference.Add(Ids(w)));

        var delivered = new HashSet<string>();
        var deliveredSamples = new HashSet<int>();
        var committed = new long[partitions];
        var crashes = 0;
        var finished = false;
        while (!finished)
        {
            finished = RunUntilCrash(random, log, options, committed, delivered, deliveredSamples, allowCrash: crashes < 5);
            crashes += finished ? 0 : 1;
        }

        // Time-aligned windows come back exactly as in a crash-free run, whatever shares the partition. Windows
        // counted from the first sample read do so only where a partition carries one series and windows start at
        // message boundaries; otherwise a restart may re-align a series, and the windows after it still cover
        // every sample.
        if (timeAligned || seriesPerPartition == 1 && !chunked)
        {
            Assert.All(reference, window =>
                Assert.True(delivered.Contains(Key(window)), $"seed {seed}: window [{Key(window)}] never delivered"));
        }
        if (timeAligned)
        {
            var expected = reference.Select(Key).ToHashSet();
            Assert.All(delivered, key => Assert.True(expected.Contains(key), $"seed {seed}: re-aligned window [{key}]"));
        }
        var tail = log.SelectMany(messages => messages).Where(m => m.IsTail).SelectMany(m => m.SampleIds).ToHashSet();
        Assert.All(reference.SelectMany(ids => ids).Where(id => !tail.Contains(id)),
            id => Assert.True(deliveredSamples.Contains(id), $"seed {seed}: sample {id} never delivered"));
        return crashes;
    }

    private static List<LogMessage>[] BuildLog(SplitMix64 random, int partitions, int seriesPerPartition,
        int windowLength, bool chunked)
    {
        var log = new List<LogMessage>[partitions];
        var nextId = 0;
        for (var p = 0; p < partitions; p++)
        {
            log[p] = [];
            var messages = 20 + random.Below(60);
            for (var m = 0; m < messages; m++)
            {
                var series = $"p{p}-s{random.Below(seriesPerPartition)}";
                var samples = chunked && random.Chance(40) ? 2 + random.Below(5) : 1; // chunk or sample messages
                log[p].Add(new LogMessage(series, Enumerable.Range(nextId, samples).ToArray()));
                nextId += samples;
            }
            // A tail long enough that a series re-aligned by a restart still closes windows over all earlier
            // samples (the tail's own last samples may then stay in a partial window).
            for (var s = 0; s < seriesPerPartition; s++)
            {
                log[p].Add(new LogMessage($"p{p}-s{s}", Enumerable.Range(nextId, 2 * windowLength).ToArray(), IsTail: true));
                nextId += 2 * windowLength;
            }
        }
        return log;
    }

    private static void RunToEnd(List<LogMessage>[] log, WindowerOptions options, long[] start, Action<Window> emit)
    {
        var windower = new Windower(options, emit);
        for (var p = 0; p < log.Length; p++)
        {
            for (var offset = (int)start[p]; offset < log[p].Count; offset++)
            {
                Feed(windower, log[p][offset], SourcePosition.None);
            }
        }
    }

    /// <summary>One consumer lifetime: reads from the committed offsets, acknowledges and commits at random, and
    /// either crashes (returns false: all state is lost) or reads everything and delivers all (returns true).</summary>
    private static bool RunUntilCrash(SplitMix64 random, List<LogMessage>[] log, WindowerOptions options,
        long[] committed, HashSet<string> delivered, HashSet<int> deliveredSamples, bool allowCrash)
    {
        var tracker = new OffsetTracker();
        var slots = new int[log.Length];
        var next = new long[log.Length];
        for (var p = 0; p < log.Length; p++)
        {
            slots[p] = tracker.Assign(new TopicPartition(Topic, p));
            next[p] = committed[p];
        }
        var inFlight = new List<Window>();
        var windower = new Windower(options, WindowTokens.From(tracker, inFlight.Add), tracker);
        var offsetOfSample = new Dictionary<int, (int Partition, long Offset)>();

        while (true)
        {
            var readable = Enumerable.Range(0, log.Length).Where(p => next[p] < log[p].Count).ToList();
            if (readable.Count == 0 || allowCrash && random.Chance(2))
            {
                break;
            }
            var partition = readable[random.Below(readable.Count)];
            var offset = next[partition]++;
            var message = log[partition][(int)offset];
            foreach (var id in message.SampleIds)
            {
                offsetOfSample[id] = (partition, offset);
            }
            var position = SourcePosition.Pack(slots[partition], offset);
            tracker.Hold(position);
            Feed(windower, message, position);
            tracker.Release(position);
            tracker.MarkRead(position);

            while (inFlight.Count > 0 && random.Chance(40))
            {
                var window = inFlight[random.Below(inFlight.Count)];
                inFlight.Remove(window);
                Deliver(window, delivered, deliveredSamples);
            }
            if (random.Chance(30))
            {
                Commit(tracker, committed);
            }
            AssertCommitBehindUndelivered(committed, inFlight, offsetOfSample);
        }
        var finished = Enumerable.Range(0, log.Length).All(p => next[p] == log[p].Count);
        if (!finished)
        {
            return false; // crash: in-flight windows and buffers vanish; only the committed offsets survive
        }
        foreach (var window in inFlight)
        {
            Deliver(window, delivered, deliveredSamples);
        }
        Commit(tracker, committed);
        return true;
    }

    private static void Feed(Windower windower, LogMessage message, long position)
    {
        foreach (var id in message.SampleIds)
        {
            windower.Add(message.Series, id, [id], position);
        }
    }

    private static void Deliver(Window window, HashSet<string> delivered, HashSet<int> deliveredSamples)
    {
        window.Delivery!.Delivered();
        var ids = Ids(window);
        delivered.Add(Key(ids));
        deliveredSamples.UnionWith(ids);
    }

    private static void Commit(OffsetTracker tracker, long[] committed)
    {
        foreach (var advance in tracker.TakeAdvances())
        {
            Assert.True(advance.Offset.Value >= committed[advance.Partition.Value], "commits only move forward");
            committed[advance.Partition.Value] = advance.Offset.Value;
        }
    }

    private static void AssertCommitBehindUndelivered(long[] committed, List<Window> inFlight,
        Dictionary<int, (int Partition, long Offset)> offsetOfSample)
    {
        foreach (var window in inFlight)
        {
            foreach (var id in Ids(window))
            {
                var (partition, offset) = offsetOfSample[id];
                Assert.True(committed[partition] <= offset,
                    $"committed {committed[partition]} on partition {partition} passed undelivered sample at {offset}");
            }
        }
    }

    private static int[] Ids(Window window) => Array.ConvertAll(window.Values, v => (int)v);

    private static string Key(int[] ids) => string.Join(',', ids);
}
