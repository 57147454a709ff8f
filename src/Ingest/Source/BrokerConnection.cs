using System.Text.Json;
using Confluent.Kafka;

namespace StreamAe.Ingest.Source;

/// <summary>
/// Whether a Kafka client holds a connection to any broker, as readiness reports it. librdkafka has no connect
/// callback: transport errors mark the client disconnected at once, and its periodic statistics (each broker's
/// state) say when a connection is back.
/// </summary>
public sealed class BrokerConnection(string bootstrapServers)
{
    private volatile string? _problem = $"not connected yet to {bootstrapServers}";

    /// <summary>Null while a broker connection is up; otherwise why not.</summary>
    public string? Problem => _problem;

    public bool IsConnected => _problem is null;

    /// <summary>Errors that mean the client lost (or never had) its connections.</summary>
    public void OnError(Error error)
    {
        if (error.Code is ErrorCode.Local_AllBrokersDown or ErrorCode.Local_Transport or ErrorCode.Local_Resolve
            or ErrorCode.Local_Authentication or ErrorCode.Local_Ssl)
        {
            _problem = $"no connection to Kafka at {bootstrapServers}: {error.Reason}";
        }
    }

    /// <summary>librdkafka's statistics JSON: connected when any real broker (not the internal or logical ones) is UP.</summary>
    public void OnStatistics(string json)
    {
        using var document = JsonDocument.Parse(json);
        if (!document.RootElement.TryGetProperty("brokers", out var brokers))
        {
            return;
        }
        var known = 0;
        foreach (var broker in brokers.EnumerateObject())
        {
            var source = broker.Value.TryGetProperty("source", out var s) ? s.GetString() : null;
            if (source is "internal" or "logical")
            {
                continue;
            }
            known++;
            if (broker.Value.TryGetProperty("state", out var state) && state.GetString() == "UP")
            {
                _problem = null;
                return;
            }
        }
        if (known > 0 && _problem is null)
        {
            _problem = $"no connection to Kafka at {bootstrapServers}: every broker is down";
        }
    }
}
