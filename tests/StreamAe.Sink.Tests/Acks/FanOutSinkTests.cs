using StreamAe.Contracts;
using StreamAe.Sink.Acks;
using StreamAe.Sink.Tests.Support;
using StreamAe.Sink.Telemetry;

namespace StreamAe.Sink.Tests.Acks;

public sealed class FanOutSinkTests
{
    [Fact]
    public async Task A_window_is_acknowledged_only_when_every_output_has_it()
    {
        var first = new GatedOutput("first");
        var second = new GatedOutput("second");
        var third = new GatedOutput("third");
        await using var sink = new FanOutSink([first, second, third]);
        var tokens = Enumerable.Range(0, 5).Select(i => new RecordingToken(i)).ToArray();
        var transition = new AlertEvent("s", "m", AlertState.Open, TestData.BaseMs, 1, 1, null);

        foreach (var token in tokens)
        {
            await sink.WriteAsync(TestData.Scored("s", "m", token.Id, token), token.Id == 2 ? transition : null);
        }
        first.Release();
        third.Release();
        Assert.All(tokens, t => Assert.Equal(0, t.Count));
        second.Release(2);
        Assert.Equal([1, 1, 0, 0, 0], tokens.Select(t => t.Count));
        second.Release();

        Assert.All(tokens, t => Assert.Equal(1, t.Count));
        Assert.All([first, second, third], o => Assert.Same(transition, o.Transitions[2]));
    }

    [Fact]
    public async Task A_single_output_gets_the_windows_own_token()
    {
        var only = new GatedOutput("only");
        await using var sink = new FanOutSink([only]);
        var token = new RecordingToken(0);

        await sink.WriteAsync(TestData.Scored("s", "m", 0, token));

        Assert.Same(token, only.Pending.Single());
    }

    /// <summary>An output that holds every token until the test releases it.</summary>
    private sealed class GatedOutput(string name) : IOutput
    {
        public string Name { get; } = name;

        public OutputStats Stats { get; } = new(name, OutputSeries.None);

        public List<IDeliveryToken?> Pending { get; } = [];

        public List<AlertEvent?> Transitions { get; } = [];

        public void Release(int count = int.MaxValue)
        {
            var released = Pending.Take(count).ToList();
            Pending.RemoveRange(0, released.Count);
            released.ForEach(t => t?.Delivered());
        }

        public Task StartAsync(CancellationToken ct) => Task.CompletedTask;

        public ValueTask WriteAsync(ScoredWindow scored, AlertEvent? transition, IDeliveryToken? ack, CancellationToken ct)
        {
            Pending.Add(ack);
            Transitions.Add(transition);
            return ValueTask.CompletedTask;
        }

        public ValueTask WriteAsync(AlertEvent alert, IDeliveryToken? ack, CancellationToken ct)
        {
            Pending.Add(ack);
            return ValueTask.CompletedTask;
        }

        public ValueTask FlushAsync(CancellationToken ct) => ValueTask.CompletedTask;

        public ValueTask InputIdleAsync(CancellationToken ct) => ValueTask.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
