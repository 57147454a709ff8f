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

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task The_observer_hears_of_a_window_once_every_output_has_it_just_before_the_source_does(int outputs)
    {
        var gated = Enumerable.Range(0, outputs).Select(i => new GatedOutput($"output-{i}")).ToArray();
        await using var sink = new FanOutSink(gated);
        var token = new RecordingToken(0);
        var observer = new RecordingObserver(token);
        var scored = TestData.Scored("s", "m", 0, token);

        await sink.WriteAsync(scored, null, observer);
        foreach (var output in gated[..^1])
        {
            output.Release();
        }
        Assert.Empty(observer.Heard);
        gated[^1].Release();

        Assert.Equal([(scored.Window.EndMs, 0)], observer.Heard);
        Assert.Equal(1, token.Count);
    }

    [Fact]
    public async Task A_window_without_a_token_is_not_observed()
    {
        var only = new GatedOutput("only");
        await using var sink = new FanOutSink([only]);
        var observer = new RecordingObserver(null);

        await sink.WriteAsync(TestData.Scored("s", "m", 0), null, observer);

        Assert.Null(only.Pending.Single());
        Assert.Empty(observer.Heard);
    }

    /// <summary>Records each acknowledgement it hears of, with how often the window's token was delivered by then.</summary>
    private sealed class RecordingObserver(RecordingToken? token) : IAcknowledgementObserver
    {
        public List<(long WindowEndMs, int TokenCount)> Heard { get; } = [];

        public void Acknowledged(long windowEndMs) => Heard.Add((windowEndMs, token?.Count ?? 0));
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
