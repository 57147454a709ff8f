using StreamAe.Contracts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StreamAe.Sink.Acks;
using StreamAe.Sink.File;
using StreamAe.Sink.Influx;
using StreamAe.Sink.Kafka;

namespace StreamAe.Sink;

/// <summary>Builds the configured outputs and joins them into one <see cref="ISink"/> with joint acknowledgement.</summary>
public static class SinkFactory
{
    /// <summary>Validates the options (throwing one message naming every bad key) and builds the sink.</summary>
    /// <remarks>Call <see cref="ISink.StartAsync"/> before writing: it runs each output's start-up check.</remarks>
    public static ISink Create(SinkOptions options, ILoggerFactory? loggers = null)
    {
        options.ThrowIfInvalid(SinkOptions.Section);
        loggers ??= NullLoggerFactory.Instance;
        var outputs = new List<IOutput>();
        try
        {
            if (options.Influx.IsConfigured)
            {
                outputs.Add(new InfluxOutput(options.Influx, options.WriteResiduals, loggers.CreateLogger<InfluxOutput>()));
            }
            if (options.UsesFile)
            {
                outputs.Add(new FileOutput(options.File, options.WriteResiduals, loggers.CreateLogger<FileOutput>()));
            }
            if (options.KafkaAlerts.IsConfigured)
            {
                outputs.Add(new KafkaAlertOutput(options.KafkaAlerts, loggers.CreateLogger<KafkaAlertOutput>()));
            }
        }
        catch
        {
            foreach (var output in outputs)
            {
                output.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
            throw;
        }
        return new FanOutSink(outputs);
    }
}
