using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StreamAe.Contracts;
using StreamAe.Sink.Batching;
using StreamAe.Sink.Telemetry;

namespace StreamAe.Sink.Kafka;

/// <summary>
/// Publishes alert transitions as JSON (key = series) with an idempotent producer. A window without a transition
/// has nothing to write here and is acknowledged at once; one with a transition is acknowledged by the delivery
/// report. Failed deliveries are produced again after the wait the outputs' one <see cref="RetryPolicy"/> gives (which
/// also counts and logs them, as for the batched outputs), so an alert is never silently lost.
/// </summary>
public sealed class KafkaAlertOutput : IOutput
{
    private static readonly TimeSpan InitialBackoff = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);

    private readonly KafkaAlertOptions _options;
    private readonly IProducer<byte[], byte[]> _producer;
    private readonly ILogger _logger;
    private readonly RetryPolicy _retry;
    private readonly CancellationTokenSource _stopping = new();
    private int _pending;

    public KafkaAlertOutput(KafkaAlertOptions options, ILogger? logger = null)
    {
        options.ThrowIfInvalid(KafkaAlertOptions.Section);
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        _retry = new RetryPolicy(Stats, _logger, InitialBackoff, MaxBackoff);
        var config = new ProducerConfig(new Dictionary<string, string>(options.Producer))
        {
            ClientId = options.ClientId,
            EnableIdempotence = true,
            Acks = Confluent.Kafka.Acks.All,
            LingerMs = options.Producer.ContainsKey("linger.ms") ? null : 5,
        };
        if (!string.IsNullOrWhiteSpace(options.BootstrapServers))
        {
            config.BootstrapServers = options.BootstrapServers;
        }
        _producer = new ProducerBuilder<byte[], byte[]>(config)
            .SetLogHandler((_, m) => _logger.LogDebug("librdkafka {Facility}: {Message}", m.Facility, m.Message))
            .Build();
    }

    public string Name => "kafka_alerts";

    public OutputStats Stats { get; } = new("kafka_alerts", new OutputSeries([], ["fatal", "delivery_failed"], []));

    internal Handle ProducerHandle => _producer.Handle;

    public Task StartAsync(CancellationToken ct) => Task.Run(() =>
    {
        using var admin = new DependentAdminClientBuilder(_producer.Handle).Build();
        var metadata = admin.GetMetadata(TimeSpan.FromMilliseconds(_options.StartupTimeoutMs));
        if (metadata.Brokers.Count == 0)
        {
            throw new InvalidOperationException(
                $"No Kafka broker answered at {_options.BootstrapServers} ({KafkaAlertOptions.Section}:BootstrapServers).");
        }
    }, ct);

    public ValueTask WriteAsync(ScoredWindow scored, AlertEvent? transition, IDeliveryToken? ack, CancellationToken ct)
    {
        if (transition is null)
        {
            ack?.Delivered();
            return ValueTask.CompletedTask;
        }
        return WriteAsync(transition, ack, ct);
    }

    public async ValueTask WriteAsync(AlertEvent alert, IDeliveryToken? ack, CancellationToken ct)
    {
        var message = new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes(alert.Series), Value = AlertJson.Serialize(alert) };
        Interlocked.Increment(ref _pending);
        await ProduceAsync(message, ack, attempt: 0, ct).ConfigureAwait(false);
    }

    /// <summary>The producer's own linger decides when alerts go.</summary>
    public ValueTask InputIdleAsync(CancellationToken ct) => ValueTask.CompletedTask;

    public ValueTask FlushAsync(CancellationToken ct) => new(Task.Run(() =>
    {
        while (Volatile.Read(ref _pending) > 0)
        {
            ct.ThrowIfCancellationRequested();
            _producer.Flush(TimeSpan.FromMilliseconds(50));
        }
    }, ct));

    public async ValueTask DisposeAsync()
    {
        try
        {
            await FlushAsync(CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _logger.LogWarning("Kafka alerts: {Pending} alert(s) were not delivered at shutdown and stay unacknowledged.", _pending);
        }
        await _stopping.CancelAsync().ConfigureAwait(false);
        _producer.Dispose();
        _stopping.Dispose();
    }

    /// <summary>Hands the message to librdkafka, waiting while its queue is full (backpressure).</summary>
    private async ValueTask ProduceAsync(Message<byte[], byte[]> message, IDeliveryToken? ack, int attempt, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                _producer.Produce(_options.Topic, message, report => OnDelivery(report, ack, attempt));
                return;
            }
            catch (ProduceException<byte[], byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
            {
                await Task.Delay(5, ct).ConfigureAwait(false);
            }
        }
    }

    private void OnDelivery(DeliveryReport<byte[], byte[]> report, IDeliveryToken? ack, int attempt)
    {
        if (report.Error.Code == ErrorCode.NoError)
        {
            Interlocked.Decrement(ref _pending);
            Stats.OnWritten(1, "written", 0);
            Stats.OnAcknowledged(ack is null ? 0 : 1);
            ack?.Delivered();
            return;
        }
        var delay = _retry.OnFailed(WriteResult.Retry(report.Error.IsFatal ? "fatal" : "delivery_failed", report.Error.Reason), attempt, points: 1);
        if (_stopping.IsCancellationRequested)
        {
            return;
        }
        // Produce again from outside librdkafka's callback thread, after the wait.
        _ = Task.Delay(delay, _stopping.Token)
            .ContinueWith(
                _ => ProduceAsync(report.Message, ack, attempt + 1, _stopping.Token).AsTask(),
                _stopping.Token, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
    }
}
