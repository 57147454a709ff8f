using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Prometheus;
using StreamAe.Contracts.Telemetry;

namespace StreamAe.Detector.Hosting;

/// <summary>
/// Exports the stages' System.Diagnostics.Metrics instruments (meters named StreamAe.*) to Prometheus, the contract in
/// docs/deploy.md: an instrument is named as exported (<c>streamae_&lt;stage&gt;_&lt;what&gt;_&lt;unit&gt;</c>) and the bridge only
/// appends <c>_total</c> to counters; histograms and gauges keep their name, observable gauges are read at scrape time.
/// Every counter and histogram is exported at 0 from the start, with each label set declared in <see cref="KnownSeries"/>.
/// (prometheus-net's built-in adapter would prefix every name with the meter's.)
/// </summary>
internal sealed class PrometheusMeterBridge
{
    private static readonly double[] SecondsBuckets = Histogram.ExponentialBuckets(0.0001, 2, 20);
    private static readonly double[] SizeBuckets = Histogram.ExponentialBuckets(1, 2, 17);

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, byte> _published = new();
    private readonly ConcurrentDictionary<Instrument, Action<double, string[]>> _exported = new();
    private readonly IMetricFactory _factory;

    private static readonly Lazy<PrometheusMeterBridge> Default = new(() =>
    {
        // Our bridge replaces prometheus-net's meter adapter, ProcessMetrics its per-scrape process metrics.
        Metrics.SuppressDefaultMetrics(new SuppressDefaultMetricOptions
        {
            SuppressMeters = true, SuppressEventCounters = true, SuppressDebugMetrics = true, SuppressProcessMetrics = true,
        });
        ProcessMetrics.Register(Metrics.DefaultRegistry);
        StreamAeMeters.Create();
        return new PrometheusMeterBridge(Metrics.DefaultRegistry);
    });

    /// <summary>Starts the process-wide bridge into the default registry (once; more listeners would count twice).</summary>
    public static void EnsureStarted() => _ = Default.Value;

    private PrometheusMeterBridge(CollectorRegistry registry)
    {
        _factory = Metrics.WithCustomRegistry(registry);
        // Subscribed before the listener starts: a declaration made meanwhile is exported twice, which is harmless.
        KnownSeries.Added += (instrument, tags) =>
        {
            if (_published.ContainsKey(instrument))
            {
                Record(instrument, double.NaN, tags);
            }
        };
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name.StartsWith("StreamAe.", StringComparison.Ordinal))
            {
                listener.EnableMeasurementEvents(instrument);
                if (!instrument.IsObservable)
                {
                    _published.TryAdd(instrument, 0);
                    foreach (var tags in KnownSeries.Of(instrument))
                    {
                        Record(instrument, double.NaN, tags);
                    }
                }
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
        registry.AddBeforeCollectCallback(() =>
        {
            ExportUnmeasured();
            _listener.RecordObservableInstruments();
        });
    }

    /// <summary>
    /// Counters and histograms nothing has measured or declared a series of yet: an unlabelled one is shown at 0, a
    /// labelled one (its label names declared, values to come) as an empty family.
    /// </summary>
    private void ExportUnmeasured()
    {
        foreach (var instrument in _published.Keys.Where(instrument => !_exported.ContainsKey(instrument)))
        {
            var labelNames = KnownSeries.LabelsOf(instrument) ?? [];
            var record = _exported.GetOrAdd(instrument, _ => Create(instrument, [.. labelNames]));
            if (labelNames.Count == 0)
            {
                record(double.NaN, []);
            }
        }
    }

    /// <summary>A measurement, or with a NaN value a declared series to create at 0.</summary>
    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (!_exported.TryGetValue(instrument, out var record))
        {
            var labelNames = new string[tags.Length];
            for (var t = 0; t < tags.Length; t++)
            {
                labelNames[t] = tags[t].Key;
            }
            record = _exported.GetOrAdd(instrument, _ => Create(instrument, labelNames));
        }
        var labels = tags.Length == 0 ? [] : new string[tags.Length];
        for (var t = 0; t < tags.Length; t++)
        {
            labels[t] = tags[t].Value?.ToString() ?? "";
        }
        record(value, labels);
    }

    /// <summary>The Prometheus metric behind an instrument, as the recorder of its measurements.</summary>
    private Action<double, string[]> Create(Instrument instrument, string[] labelNames)
    {
        var help = instrument.Description ?? instrument.Name;
        var name = instrument.Name;
        switch (instrument)
        {
            case Counter<long> or Counter<int> or Counter<double>:
            {
                var counter = _factory.CreateCounter(Total(name), help, labelNames);
                return Series(labelNames, labels => counter.WithLabels(labels), (series, value) => series.Inc(value));
            }
            case ObservableCounter<long> or ObservableCounter<int> or ObservableCounter<double>:
            {
                var counter = _factory.CreateCounter(Total(name), help, labelNames);
                return Series(labelNames, labels => counter.WithLabels(labels), (series, value) => series.IncTo(value));
            }
            case Histogram<long> or Histogram<int> or Histogram<double>:
            {
                var buckets = name.EndsWith("_seconds", StringComparison.Ordinal) ? SecondsBuckets : SizeBuckets;
                var histogram = _factory.CreateHistogram(name, help, new HistogramConfiguration { LabelNames = labelNames, Buckets = buckets });
                return Series(labelNames, labels => histogram.WithLabels(labels), (series, value) => series.Observe(value));
            }
            default:
            {
                var gauge = _factory.CreateGauge(name, help, labelNames);
                return Series(labelNames, labels => gauge.WithLabels(labels), (series, value) => series.Set(value));
            }
        }
    }

    /// <summary>Applies a measurement to its labelled series (a NaN only creates it); a measurement with another number
    /// of labels than the metric has is dropped, since prometheus-net would throw into the measuring stage.</summary>
    private static Action<double, string[]> Series<TSeries>(string[] labelNames, Func<string[], TSeries> select, Action<TSeries, double> apply) =>
        (value, labels) =>
        {
            if (labels.Length != labelNames.Length)
            {
                return;
            }
            var series = select(labels);
            if (!double.IsNaN(value))
            {
                apply(series, value);
            }
        };

    private static string Total(string name) => name + "_total";
}
