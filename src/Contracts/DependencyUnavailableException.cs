namespace StreamAe.Contracts;

/// <summary>A service StreamAe needs (Kafka, InfluxDB) did not answer within its timeout: unlike a configuration
/// mistake, trying again later may succeed (the CLI's exit code 3).</summary>
public sealed class DependencyUnavailableException(string message) : Exception(message);
