using System.Diagnostics;
using Xunit.Abstractions;

namespace StreamAe.IntegrationTests.Reliability;

/// <summary>
/// Issue 10: the broker that leads one partition goes down mid-stream while the group coordinator stays up; the other
/// partitions keep flowing, and once the partition is back (on its old leader or a new one) every window lands once.
/// </summary>
[Collection(DetectorCollection.Name)]
public sealed class LeaderOutageTests(TrainedModels models, ITestOutputHelper output)
{
    private const int Before = 300;
    private const int During = 600;
    private const double Rate = 60; // During / Rate = the 10 s outage
    private const int CoordinatorBroker = 1;
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task One_partition_leader_down_for_10_s_stalls_only_its_partition_and_loses_and_duplicates_nothing(bool leaderMoves)
    {
        using var rig = new ReliabilityRig(models, output);
        // Partition p is led by broker p + 1; the group's coordinator is broker 1, so brokers 2 and 3 lead without coordinating.
        for (var partition = 0; partition < ReliabilityRig.Partitions; partition++)
        {
            rig.Kafka.Cluster.SetPartitionLeader(rig.Topic, partition, partition + 1);
        }
        rig.Kafka.Cluster.SetGroupCoordinator(rig.Group, CoordinatorBroker);
        var daemon = await rig.StartAsync();
        using var sampling = new CancellationTokenSource();
        var memory = daemon.SampleMemoryAsync(sampling.Token);
        await rig.ProduceAsync(0, Before);
        await rig.WaitForAllAsync(Before, TimeSpan.FromSeconds(90), daemon);

        // The victim: the busier of the partitions not led by the coordinator (keys decide where messages go).
        var ends = rig.PartitionProgress().Select(p => p.End).ToArray();
        var victim = ends[1] >= ends[2] ? 1 : 2;
        var victimBroker = victim + 1;
        var standIn = victimBroker == 2 ? 3 : 2;
        Assert.True(ends[victim] > 0, $"no message went to partition {victim} (ends {string.Join('/', ends)})");

        rig.Kafka.Cluster.SetBrokerDown(victimBroker);
        var clock = Stopwatch.StartNew();
        var producing = rig.ProduceAsync(Before, During, Rate);
        await Task.Delay(Outage / 2);
        // Committed offsets come from the coordinator (up); end offsets would need the victim's leader.
        var halfway = rig.CommittedByPartition();
        var failover = TimeSpan.Zero;
        if (leaderMoves)
        {
            // As a controller would after a leader's failure: a surviving replica takes over the partition.
            rig.Kafka.Cluster.SetPartitionLeader(rig.Topic, victim, standIn);
            var moved = Stopwatch.StartNew();
            await KafkaOffsets.WaitUntilAsync(() => rig.CommittedByPartition()[victim] > ends[victim], Outage / 2,
                $"partition {victim} to make progress on its new leader (broker {standIn})");
            failover = moved.Elapsed;
        }
        await Task.Delay(Outage > clock.Elapsed ? Outage - clock.Elapsed : TimeSpan.Zero);
        var atEnd = rig.CommittedByPartition();
        Assert.False(daemon.Process.HasExited, daemon.Process.Output);
        rig.Kafka.Cluster.SetBrokerUp(victimBroker);
        clock.Restart();
        await producing;
        var recovery = await rig.WaitForAllAsync(Before + During, TimeSpan.FromSeconds(90), daemon);
        await sampling.CancelAsync();
        await memory;

        rig.Log($"partition {victim} (leader broker {victimBroker}{(leaderMoves ? $", moved to broker {standIn} after {Outage.TotalSeconds / 2:0} s, first commit there {failover.TotalSeconds:0.0} s later" : "")}) " +
            $"down {Outage.TotalSeconds:0} s; committed per partition before {Offsets(ends)}, halfway {Offsets(halfway)}, " +
            $"at the end {Offsets(atEnd)}");
        // The fault took effect: the victim partition did not advance while its leader was down and unreplaced.
        Assert.Equal(ends[victim], halfway[victim]);
        var final = rig.PartitionProgress();
        Assert.True(final[victim].End > ends[victim], $"nothing was produced to partition {victim} during the outage");
        // The other partitions were not held up by it.
        var healthy = Enumerable.Range(0, ReliabilityRig.Partitions).Where(p => p != victim && final[p].End > ends[p]).ToList();
        Assert.NotEmpty(healthy);
        Assert.All(healthy, p => Assert.True(atEnd[p] > ends[p], $"partition {p} made no progress while partition {victim} was down"));
        if (!leaderMoves)
        {
            Assert.Equal(ends[victim], atEnd[victim]);
        }
        await rig.AssertExactlyOnceAsync($"leader of partition {victim} down {Outage.TotalSeconds:0} s{(leaderMoves ? ", leadership moved" : "")}",
            Before + During, recovery, daemon.Probe.PeakBytes);
    }

    private static string Offsets(IEnumerable<long> perPartition) => string.Join('/', perPartition);
}
