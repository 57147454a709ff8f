using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace StreamAe.IntegrationTests.Reliability;

/// <summary>Issue 10: valid beats mixed with fuzzed messages; every message is scored or dead-lettered with a reason.</summary>
[Collection(DetectorCollection.Name)]
public sealed class BadInputTests(TrainedModels models, ITestOutputHelper output)
{
    private const int Valid = 300;
    private const int MaxMessageBytes = 64 * 1024;

    [Fact]
    public async Task Fuzzed_messages_go_to_the_dead_letter_file_with_a_reason_and_every_valid_one_is_scored()
    {
        using var rig = new ReliabilityRig(models, output);
        var daemon = await rig.StartAsync(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"Pipelines:0:Format:MaxMessageBytes={MaxMessageBytes}"));
        var random = new Random(10);
        var bad = BadMessages(random).ToList();
        // Each bad message is slipped in after a random valid one, on the same series (key) as its neighbours.
        var messages = new List<(string Key, byte[]? Value)>();
        var badAfter = bad.Select(_ => random.Next(Valid)).ToArray();
        for (var i = 0; i < Valid; i++)
        {
            messages.Add((BeatMessages.Series(i), BeatMessages.Valid(models.TestBeats, i)));
            for (var b = 0; b < bad.Count; b++)
            {
                if (badAfter[b] == i)
                {
                    messages.Add((BeatMessages.Series(i), bad[b].Value));
                }
            }
        }
        await rig.ProduceAsync(messages);

        await KafkaOffsets.WaitUntilAsync(() => !daemon.Process.HasExited && rig.WrittenAsync().Result >= Valid && rig.Committed() >= messages.Count,
            TimeSpan.FromSeconds(90), $"{Valid} points and {messages.Count} offsets committed");
        var deadLetters = File.ReadAllLines(rig.DeadLetterPath).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        var reasons = deadLetters.GroupBy(d => d.GetProperty("reason").GetString()!).ToDictionary(g => g.Key, g => g.Count());
        rig.Log($"{messages.Count} messages: {Valid} valid, {bad.Count} fuzzed; dead letters by reason: " +
            string.Join(", ", reasons.OrderBy(r => r.Key).Select(r => $"{r.Key} {r.Value}")));

        Assert.Equal(bad.Count, deadLetters.Count);
        Assert.Equal(bad.Count, deadLetters.Select(d => (d.GetProperty("source_partition").GetInt32(), d.GetProperty("source_offset").GetInt64())).Distinct().Count());
        Assert.All(deadLetters, d => Assert.False(string.IsNullOrWhiteSpace(d.GetProperty("detail").GetString())));
        foreach (var expected in bad.GroupBy(b => b.Reason))
        {
            Assert.Equal(expected.Count(), reasons.GetValueOrDefault(expected.Key));
        }
        Assert.Equal(messages.Count, rig.Committed());
        Assert.Equal(Valid, await rig.WrittenAsync());
        Assert.False(daemon.Process.HasExited, daemon.Process.Output);
        var metrics = await daemon.GetAsync("/metrics");
        Assert.Equal(bad.Count, PrometheusText.Sum(metrics, "streamae_ingest_dead_letters_total"));
    }

    [Fact]
    public async Task A_window_shorter_than_the_model_takes_is_dead_lettered_and_the_daemon_goes_on_scoring_and_committing()
    {
        using var rig = new ReliabilityRig(models, output); // Format:WindowLength left at its default, 0
        var daemon = await rig.StartAsync();
        var messages = Enumerable.Range(0, Valid).Select(i => (Key: BeatMessages.Series(i), Value: (byte[]?)BeatMessages.Valid(models.TestBeats, i))).ToList();
        var halfBeat = BeatMessages.Json("s0", BeatMessages.BaseTimestampMs + 10_000_000, models.TestBeats.Window(0)[..70]);
        messages.Insert(Valid / 2, ("s0", halfBeat));

        await rig.ProduceAsync(messages);

        await KafkaOffsets.WaitUntilAsync(() =>
        {
            Assert.False(daemon.Process.HasExited, $"the daemon exited:\n{daemon.Process.Output}");
            return rig.WrittenAsync().Result >= Valid && rig.Committed() >= messages.Count;
        }, TimeSpan.FromSeconds(90), $"{Valid} points and {messages.Count} offsets committed");
        var deadLetter = JsonDocument.Parse(Assert.Single(File.ReadAllLines(rig.DeadLetterPath))).RootElement;
        Assert.Equal("window_length", deadLetter.GetProperty("reason").GetString());
        Assert.Equal("expected 140 values, found 70", deadLetter.GetProperty("detail").GetString());
        Assert.Equal(Valid, await rig.WrittenAsync());
        Assert.Equal(messages.Count, rig.Committed());
        Assert.Equal(1, PrometheusText.Sum(await daemon.GetAsync("/metrics"), "streamae_ingest_dead_letters_total"));
    }

    /// <summary>Three of each kind of bad message, with the dead-letter reason each must get.</summary>
    private static IEnumerable<(string Reason, byte[]? Value)> BadMessages(Random random)
    {
        var beat = new float[140];
        for (var copy = 0; copy < 3; copy++)
        {
            for (var i = 0; i < beat.Length; i++)
            {
                beat[i] = (float)random.NextDouble();
            }
            var ts = BeatMessages.BaseTimestampMs + 10_000_000 + copy;
            var valid = BeatMessages.Json("fuzz", ts, beat);
            var noise = new byte[random.Next(1, 400)];
            random.NextBytes(noise);
            yield return ("malformed", noise);
            yield return ("malformed", valid[..random.Next(1, valid.Length - 1)]);
            yield return ("malformed", []);
            yield return ("malformed", null);
            yield return ("malformed", Encoding.UTF8.GetBytes("""{"series":"fuzz","ts":1750000000000,"window":[NaN,1,2]}"""));
            yield return ("non_finite", Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(valid).Replace("\"window\":[", "\"window\":[1e999,", StringComparison.Ordinal)));
            yield return ("window_length", BeatMessages.Json("fuzz", ts, beat.AsSpan(0, 139)));
            yield return ("window_length", BeatMessages.Json("fuzz", ts, [.. beat, 0.5f]));
            yield return ("malformed", Encoding.UTF8.GetBytes("""{"series":"fuzz","ts":"yesterday","window":[1,2,3]}"""));
            yield return ("malformed", Encoding.UTF8.GetBytes("""{"series":"fuzz","ts":1750000000000,"window":"flat"}"""));
            yield return ("missing_field", Encoding.UTF8.GetBytes("""{"series":"fuzz","window":[1,2,3]}"""));
            yield return ("timestamp_out_of_range", BeatMessages.Json("fuzz", 1_000, beat));
            yield return ("timestamp_out_of_range", BeatMessages.Json("fuzz", 9_000_000_000_000, beat));
            yield return ("oversize", Encoding.UTF8.GetBytes(new string(' ', MaxMessageBytes) + Encoding.UTF8.GetString(valid)));
        }
    }
}
