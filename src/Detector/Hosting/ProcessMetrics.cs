using System.Diagnostics;
using Prometheus;

namespace StreamAe.Detector.Hosting;

/// <summary>
/// The standard process and runtime metrics under prometheus-net's names (<c>process_cpu_seconds_total</c>,
/// <c>process_working_set_bytes</c>, <c>process_open_handles</c>, <c>process_num_threads</c>,
/// <c>dotnet_collection_count_total</c>, ...), read at most once a <see cref="RefreshInterval"/> however often
/// <c>/metrics</c> is scraped. prometheus-net's own collector reads them on every scrape, listing the process's threads
/// and handles: 4.7 ms of CPU a scrape with 24 threads and 240 handles, a tenth of a core for a monitor scraping
/// every 50 ms during a drain.
/// </summary>
internal sealed class ProcessMetrics
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);

    private readonly Process _process = Process.GetCurrentProcess();
    private readonly Func<long> _clockMs;
    private readonly Lock _gate = new();
    private readonly Counter _cpuSeconds;
    private readonly Gauge _virtualBytes;
    private readonly Gauge _workingSetBytes;
    private readonly Gauge _privateBytes;
    private readonly Gauge _openHandles;
    private readonly Gauge _threads;
    private readonly Gauge _managedBytes;
    private readonly Counter _collections;
    private long? _refreshedAtMs;

    private ProcessMetrics(CollectorRegistry registry, Func<long> clockMs)
    {
        _clockMs = clockMs;
        var factory = Metrics.WithCustomRegistry(registry);
        factory.CreateGauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds.")
            .Set(new DateTimeOffset(_process.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds() / 1000.0);
        _cpuSeconds = factory.CreateCounter("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.");
        _virtualBytes = factory.CreateGauge("process_virtual_memory_bytes", "Virtual memory size in bytes.");
        _workingSetBytes = factory.CreateGauge("process_working_set_bytes", "Process working set");
        _privateBytes = factory.CreateGauge("process_private_memory_bytes", "Process private memory size");
        _openHandles = factory.CreateGauge("process_open_handles", "Number of open handles");
        _threads = factory.CreateGauge("process_num_threads", "Total number of threads");
        _managedBytes = factory.CreateGauge("dotnet_total_memory_bytes", "Total known allocated memory");
        _collections = factory.CreateCounter("dotnet_collection_count_total", "GC collection count", "generation");
        registry.AddBeforeCollectCallback(Refresh);
    }

    /// <summary>Adds the metrics to the registry, refreshed before a scrape when the last refresh is older than
    /// <see cref="RefreshInterval"/>.</summary>
    public static void Register(CollectorRegistry registry, Func<long>? clockMs = null) =>
        _ = new ProcessMetrics(registry, clockMs ?? (() => Environment.TickCount64));

    private void Refresh()
    {
        lock (_gate)
        {
            var now = _clockMs();
            if (now - _refreshedAtMs < (long)RefreshInterval.TotalMilliseconds)
            {
                return;
            }
            _refreshedAtMs = now;
            _process.Refresh();
            _cpuSeconds.IncTo(_process.TotalProcessorTime.TotalSeconds);
            _virtualBytes.Set(_process.VirtualMemorySize64);
            _workingSetBytes.Set(_process.WorkingSet64);
            _privateBytes.Set(_process.PrivateMemorySize64);
            _openHandles.Set(_process.HandleCount);
            _threads.Set(_process.Threads.Count);
            _managedBytes.Set(GC.GetTotalMemory(forceFullCollection: false));
            for (var generation = 0; generation <= GC.MaxGeneration; generation++)
            {
                _collections.WithLabels(generation.ToString(System.Globalization.CultureInfo.InvariantCulture))
                    .IncTo(GC.CollectionCount(generation));
            }
        }
    }
}
