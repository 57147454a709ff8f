using StreamAe.Detector.Hosting;

namespace StreamAe.Detector.Tests.Hosting;

public sealed class ReadinessTests
{
    [Fact]
    public void A_watched_dependency_makes_the_daemon_not_ready_with_its_reason_only_while_it_has_a_problem()
    {
        var readiness = new Readiness();
        readiness.NotReady("ecg", "starting");
        string? brokerProblem = null;
        readiness.Watch("ecg:kafka", () => brokerProblem);
        readiness.Ready("ecg");
        Assert.True(readiness.Snapshot().Ready);

        brokerProblem = "no connection to Kafka at kafka:9092: Connection refused";
        var (ready, waiting) = readiness.Snapshot();

        Assert.False(ready);
        Assert.Equal(brokerProblem, Assert.Single(waiting, w => w.Key == "ecg:kafka").Value);
        brokerProblem = null;
        Assert.True(readiness.Snapshot().Ready);
    }

    [Fact]
    public void Nothing_declared_is_not_ready() => Assert.False(new Readiness().Snapshot().Ready);
}
