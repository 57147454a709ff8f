using System.Text;
using System.Threading.Channels;
using Confluent.Kafka;
using StreamAe.Contracts;
using StreamAe.Ingest.Parsing;
using StreamAe.Ingest.Parsing.DeadLetter;
using StreamAe.Ingest.Source;
using StreamAe.Ingest.Windowing;
using StreamAe.TestSupport.Kafka;

namespace StreamAe.Ingest.Tests.Source;

/// <summary>A <see cref="KafkaWindowSource"/> against the mock cluster plus a reader that collects (and by default
/// acknowledges) its windows.</summary>
internal sealed class KafkaSourceHarness : IDisposable
{
    private readonly Channel<Window> _channel;
    private readonly List<Window> _received = [];
    private readonly Task _reader;
    private readonly CancellationTokenSource _readerStop = new();
    private volatile bool _acknowledge;

    public KafkaSourceHarness(MockKafkaFixture kafka, string topic, string groupId, FormatOptions format,
        WindowerOptions windowing, IDeadLetterSink deadLetters, int channelCapacity = 1024, bool acknowledge = true,
        bool startReading = true, Action<KafkaSourceOptions>? configure = null)
    {
        _acknowledge = acknowledge;
        _channel = Channel.CreateBounded<Window>(new BoundedChannelOptions(channelCapacity) { SingleReader = true });
        Options = new KafkaSourceOptions
        {
            BootstrapServers = kafka.BootstrapServers,
            GroupId = groupId,
            Topics = [topic],
            FetchWaitMaxMs = 10,
            SessionTimeoutMs = 6000,
            HeartbeatIntervalMs = 500,
            AutoCommitIntervalMs = 100,
            OffsetStoreInterval = TimeSpan.FromMilliseconds(20),
            HousekeepingInterval = TimeSpan.FromMilliseconds(100),
            RevokeGracePeriod = TimeSpan.FromMilliseconds(500),
            PauseAfter = TimeSpan.FromMilliseconds(50),
        };
        configure?.Invoke(Options);
        Source = new KafkaWindowSource(Options, format, windowing, _channel.Writer, deadLetters);
        Source.Start();
        _reader = startReading ? Task.Run(ReadAsync) : Task.CompletedTask;
    }

    public KafkaSourceOptions Options { get; }

    public KafkaWindowSource Source { get; }

    public bool Acknowledge
    {
        set => _acknowledge = value;
    }

    public List<Window> Received
    {
        get
        {
            lock (_received)
            {
                return [.. _received];
            }
        }
    }

    public ChannelReader<Window> Reader => _channel.Reader;

    public List<Window> WaitForWindows(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (Received.Count < count && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(10);
        }
        return Received;
    }

    public async Task StopAsync()
    {
        await Source.StopAsync();
        await _reader;
    }

    public void Dispose()
    {
        _readerStop.Cancel();
        Source.Dispose();
        _readerStop.Dispose();
    }

    private async Task ReadAsync()
    {
        try
        {
            await foreach (var window in _channel.Reader.ReadAllAsync(_readerStop.Token))
            {
                if (_acknowledge)
                {
                    window.Delivery?.Delivered();
                }
                lock (_received)
                {
                    _received.Add(window);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // disposed
        }
    }

    public static async Task ProduceAsync(MockKafkaFixture kafka, string topic, IEnumerable<(string? Key, string Value)> messages)
    {
        using var producer = new ProducerBuilder<string?, byte[]>(kafka.ProducerConfig()).Build();
        var sends = messages.Select(m => producer.ProduceAsync(topic,
            new Message<string?, byte[]> { Key = m.Key, Value = Encoding.UTF8.GetBytes(m.Value) })).ToList();
        await Task.WhenAll(sends);
    }
}

/// <summary>Collects dead letters in memory and acknowledges them at once.</summary>
internal sealed class RecordingDeadLetterSink : IDeadLetterSink
{
    private readonly List<DeadLetterMessage> _messages = [];

    public List<DeadLetterMessage> Messages
    {
        get
        {
            lock (_messages)
            {
                return [.. _messages];
            }
        }
    }

    public void Send(DeadLetterMessage message, Action acknowledged)
    {
        lock (_messages)
        {
            _messages.Add(message);
        }
        acknowledged();
    }

    public void Dispose()
    {
    }
}
