using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Prometheus;

namespace StreamAe.Detector.Ops;

/// <summary>
/// Exports the stages' System.Diagnostics.Metrics instruments (meters named StreamAe.*) to Prometheus under their own
/// names, the contract in docs/deploy.md: counters get <c>_total</c>, histograms keep their name, observable gauges are
/// read at scrape time. (prometheus-net's built-in adapter would prefix every name with the meter's.)
/// </summary>
internal sealed class PrometheusMeterBridge
{
    private static readonly double[] SecondsBuckets = Histogram.ExponentialBuckets(0.0001, 2, 20);
    private static readonly double[] SizeBuckets = Histogram.ExponentialBuckets(1, 2, 17);

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, Action<double, string[]>> _exported = new();
    private readonly IMetricFactory _factory;

    private static readonly Lazy<PrometheusMeterBridge> Default = new(() =>
    {
        // Our bridge replaces prometheus-net's meter adapter; its process metrics stay.
        Metrics.SuppressDefaultMetrics(new SuppressDefaultMetricOptions { SuppressMeters = true, SuppressEventCounters = true, SuppressDebugMetrics = true });
        return new PrometheusMeterBridge(Metrics.DefaultRegistry);
    });

    /// <summary>Starts the process-wide bridge into the default registry (once; more listeners would count twice).</summary>
    public static void EnsureStarted() => _ = Default.Value;

    private PrometheusMeterBridge(CollectorRegistry registry)
    {
        _factory = Metrics.WithCustomRegistry(registry);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name.StartsWith("StreamAe.", StringComparison.Ordinal))
            {
                listener.EnableMeasurementEvents(instrument);
                if (instrument.Tags is not null)
                {
                    Export(instrument, []).Invoke(double.NaN, []); // declared series are exported at once, at 0
                }
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
        registry.AddBeforeCollectCallback(_listener.RecordObservableInstruments);
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (!_exported.TryGetValue(instrument, out var record))
        {
            record = Export(instrument, tags);
        }
        var labels = tags.Length == 0 ? [] : new string[tags.Length];
        for (var t = 0; t < tags.Length; t++)
        {
            labels[t] = tags[t].Value?.ToString() ?? "";
        }
        record(value, labels);
    }

    /// <summary>
    /// Label names come from the instrument's own tags (an instrument per series, e.g. per sink output; their values
    /// label every measurement) followed by the first measurement's; the stages tag each instrument consistently.
    /// </summary>
    private Action<double, string[]> Export(Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var declared = instrument.Tags?.ToArray() ?? [];
        var names = declared.Select(t => t.Key).Concat(tags.ToArray().Select(t => t.Key)).ToArray();
        var create = Create(instrument, names);
        var declaredValues = declared.Select(t => t.Value?.ToString() ?? "").ToArray();
        return _exported.GetOrAdd(instrument, declared.Length == 0 ? create : (value, labels) => create(value, [.. declaredValues, .. labels]));
    }

    /// <summary>The Prometheus metric behind an instrument; a NaN value only creates the labelled series (at 0).</summary>
    private Action<double, string[]> Create(Instrument instrument, string[] labelNames)
    {
        var help = instrument.Description ?? instrument.Name;
        var name = instrument.Name.Replace('.', '_');
        switch (instrument)
        {
            case Counter<long> or Counter<int> or Counter<double>:
            {
                var counter = _factory.CreateCounter(Total(name), help, labelNames);
                return (value, labels) =>
                {
                    var series = counter.WithLabels(labels);
                    if (!double.IsNaN(value))
                    {
                        series.Inc(value);
                    }
                };
            }
            case ObservableCounter<long> or ObservableCounter<int> or ObservableCounter<double>:
            {
                var counter = _factory.CreateCounter(Total(name), help, labelNames);
                return (value, labels) =>
                {
                    var series = counter.WithLabels(labels);
                    if (!double.IsNaN(value))
                    {
                        series.IncTo(value);
                    }
                };
            }
            case Histogram<long> or Histogram<int> or Histogram<double>:
            {
                var buckets = instrument.Unit == "s" || name.EndsWith("_seconds", StringComparison.Ordinal) ? SecondsBuckets : SizeBuckets;
                var histogram = _factory.CreateHistogram(name, help, new HistogramConfiguration { LabelNames = labelNames, Buckets = buckets });
                return (value, labels) =>
                {
                    var series = histogram.WithLabels(labels);
                    if (!double.IsNaN(value))
                    {
                        series.Observe(value);
                    }
                };
            }
            default:
            {
                var gauge = _factory.CreateGauge(name, help, labelNames);
                return (value, labels) =>
                {
                    var series = gauge.WithLabels(labels);
                    if (!double.IsNaN(value))
                    {
                        series.Set(value);
                    }
                };
            }
        }
    }

    private static string Total(string name) => name.EndsWith("_total", StringComparison.Ordinal) ? name : name + "_total";
}
