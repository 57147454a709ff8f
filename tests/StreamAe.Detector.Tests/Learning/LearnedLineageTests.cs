using System.Text.Json;
using StreamAe.Detector.Learning;

namespace StreamAe.Detector.Tests.Learning;

public sealed class LearnedLineageTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("streamae-lineage-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Of_writers_publishing_one_version_at_once_exactly_one_publishes_it_and_readers_see_the_winners_model()
    {
        const int Writers = 8;
        for (var version = 1; version <= 20; version++)
        {
            var lineages = Enumerable.Range(0, Writers).Select(_ => new LearnedLineage(_directory, "sensor")).ToList();
            var candidates = lineages.Select(lineage => Trained(lineage, version)).ToList();
            var won = new bool[Writers];
            using var start = new Barrier(Writers);
            var threads = Enumerable.Range(0, Writers).Select(i => new Thread(() =>
            {
                start.SignalAndWait();
                won[i] = lineages[i].Publish(candidates[i]) == candidates[i];
            })).ToList();

            threads.ForEach(thread => thread.Start());
            threads.ForEach(thread => thread.Join());

            var winner = Assert.Single(candidates.Where((_, i) => won[i]));
            Assert.Equal(winner, new LearnedLineage(_directory, "sensor").Newest());
            Assert.All(lineages, lineage => Assert.Equal(winner, lineage.Publish(candidates[0]))); // a loser learns the winner
        }
        Assert.Equal(20, Directory.GetFiles(_directory, "*.json").Length);
        Assert.Empty(Directory.GetFiles(_directory, ".*"));
    }

    [Fact]
    public void The_newest_version_is_the_highest_whose_model_file_is_there()
    {
        var lineage = new LearnedLineage(_directory, "sensor");
        var first = Trained(lineage, 1);
        var second = Trained(lineage, 2);
        Assert.Equal(first, lineage.Publish(first));
        Assert.Equal(second, lineage.Publish(second));
        Assert.Equal(second, lineage.Newest());

        File.Delete(lineage.PathOf(second.File));

        Assert.Equal(first, lineage.Newest());
        Assert.Null(new LearnedLineage(_directory, "other").Newest()); // another pipeline's lineage in the same directory
    }

    [Fact]
    public void A_number_claimed_by_a_writer_that_died_before_filling_it_is_skipped()
    {
        var lineage = new LearnedLineage(_directory, "sensor", claimTimeout: TimeSpan.FromMilliseconds(100));
        var first = Trained(lineage, 1);
        lineage.Publish(first);
        File.Create(Path.Combine(_directory, "sensor-v0002.json")).Dispose();
        Assert.Equal(first, lineage.Newest()); // an unfilled claim is no version

        var second = Trained(lineage, 2);
        var published = lineage.Publish(second);

        Assert.Equal(second with { Version = 3 }, published);
        Assert.Equal(published, lineage.Newest());
    }

    [Fact]
    public void A_directory_of_an_earlier_release_resumes_from_its_versions_record()
    {
        var lineage = new LearnedLineage(_directory, "sensor");
        var legacy = Trained(lineage, 3);
        File.WriteAllText(Path.Combine(_directory, "versions.jsonl"),
            JsonSerializer.Serialize(legacy, new JsonSerializerOptions(JsonSerializerDefaults.Web)) + "\n{\"version\":4,");

        Assert.Equal(legacy, lineage.Newest());
    }

    /// <summary>A version whose model file is written, as a training leaves it before publishing.</summary>
    private static LearnedVersion Trained(LearnedLineage lineage, int version)
    {
        var file = lineage.NewModelFile(version);
        File.WriteAllBytes(lineage.PathOf(file), [1, 2, 3]);
        return new LearnedVersion(version, file, "retrain", DateTimeOffset.UnixEpoch, 10, 1, 0, 100, 1_000, 0.5, "pca");
    }
}
