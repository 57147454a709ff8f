using System.Diagnostics;
using StreamAe.Model.Architectures;
using StreamAe.Model.Scaling;
using StreamAe.Model.Scoring;
using StreamAe.Model.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace StreamAe.Tools.Bench;

/// <summary>One measured case: architecture, implementation, batch size and thread count, its throughput, and what a
/// batch leaves behind: the change in live tensors over the case (0 = nothing leaks) and managed bytes allocated.</summary>
public sealed record ScoringBenchmarkRow(string Architecture, string Implementation, int Batch, int Threads, long Windows, double Seconds,
    double WindowsPerSecond, double MicrosecondsPerBatch, long LiveTensorsChange, double BytesAllocatedPerBatch);

/// <summary>What <see cref="ScoringBenchmark"/> measures.</summary>
public sealed class ScoringBenchmarkOptions
{
    public IReadOnlyList<int> Batches { get; set; } = [1, 64, 1024, 8192];
    public IReadOnlyList<int> Threads { get; set; } = [1, 2];

    /// <summary>The dense AE runs every batch size and thread count; these sequence models one thread each.</summary>
    public IReadOnlyList<string> SequenceArchitectures { get; set; } = [ArchitectureSpec.Conv, ArchitectureSpec.Lstm];
    public double SecondsPerCase { get; set; } = 1.0;
    public int WindowLength { get; set; } = 140;
    public string Device { get; set; } = DeviceSelector.Cpu;
}

/// <summary>
/// The product <see cref="BatchScorer"/> against a bare TorchSharp loop (forward, per-window MSE, copy-out of the
/// scores; docs/BENCHMARKS.md, "Scoring"), on the same network in the same process: the dense 140-32-16-8-16-32-140 AE,
/// then the convolutional and LSTM AEs.
/// The scorer also copies its input in and scales it, which the bare loop does not; the copy alone is measured too.
/// </summary>
public static class ScoringBenchmark
{
    public const string Product = "BatchScorer";
    public const string Bare = "bare TorchSharp";
    public const string Copy = "host → device copy";
    public const string PinnedCopy = "page-locked host → device copy";

    public static IReadOnlyList<ScoringBenchmarkRow> Run(ScoringBenchmarkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var previousThreads = get_num_threads();
        var rows = new List<ScoringBenchmarkRow>();
        try
        {
            rows.AddRange(RunArchitecture(ArchitectureSpec.Dense, options.Threads, options));
            foreach (var architecture in options.SequenceArchitectures)
            {
                rows.AddRange(RunArchitecture(architecture, [1], options));
            }
        }
        finally
        {
            set_num_threads(previousThreads);
        }
        return rows;
    }

    private static List<ScoringBenchmarkRow> RunArchitecture(string architecture, IReadOnlyList<int> threadCounts, ScoringBenchmarkOptions options)
    {
        var spec = new ArchitectureSpec { Name = architecture, WindowLength = options.WindowLength };
        using var module = spec.Build();
        using (var random = new Generator(1))
        {
            ParameterInitialisation.Reset(module, random);
        }
        module.eval();
        var identity = new ScalerParameters(ScalerParameters.Standard, [0f], [1f]);
        using var scorer = new BatchScorer(module, identity, double.PositiveInfinity, "benchmark", new ScorerOptions { Device = options.Device }, ownsModule: false);
        var device = DeviceSelector.Resolve(options.Device);
        var rows = new List<ScoringBenchmarkRow>();
        foreach (var threads in threadCounts)
        {
            set_num_threads(threads);
            foreach (var batch in options.Batches)
            {
                var windows = new float[batch * options.WindowLength];
                for (var i = 0; i < windows.Length; i++)
                {
                    windows[i] = MathF.Sin(i * 0.1f);
                }
                var scores = new float[batch];
                var measured = new Case(architecture, batch, threads, options.SecondsPerCase);
                rows.Add(Measure(measured, Product, () => scorer.Score(windows, batch, scores)));
                using var input = tensor(windows, [batch, options.WindowLength], device: device);
                rows.Add(Measure(measured, Bare, () => BareStep(module, input, scores)));
                // What one batch's input costs to get onto the device (a plain array copy on the CPU).
                rows.Add(Measure(measured with { Seconds = options.SecondsPerCase / 4 }, Copy,
                    () => CopyStep(windows, batch, options.WindowLength, device)));
                if (device.type == DeviceType.CUDA)
                {
                    // What the scorer does on a GPU: from its page-locked buffer, timed to the copy's end.
                    using var pinned = tensor(windows, [batch, options.WindowLength]).pin_memory();
                    rows.Add(Measure(measured with { Seconds = options.SecondsPerCase / 4 }, PinnedCopy, () => PinnedCopyStep(pinned, device)));
                }
            }
        }
        return rows;
    }

    private static void BareStep(AutoencoderModule module, Tensor input, float[] scores)
    {
        using var scope = NewDisposeScope();
        using var inference = inference_mode();
        var difference = module.forward(input) - input;
        var perWindow = (difference * difference).mean([1L]).cpu(); // no temporary Scalar: see HeldScalars
        perWindow.data<float>().CopyTo(scores, 0, 0);
    }

    private static void CopyStep(float[] windows, int batch, int windowLength, Device device)
    {
        using var onDevice = tensor(windows, [batch, windowLength], device: device);
    }

    private static void PinnedCopyStep(Tensor pinned, Device device)
    {
        using var onDevice = pinned.to(device, non_blocking: true);
        cuda.synchronize(device);
    }

    private sealed record Case(string Architecture, int Batch, int Threads, double Seconds);

    private static ScoringBenchmarkRow Measure(Case measured, string implementation, Action step)
    {
        // Warm up for a quarter of the case's time: the first calls at a new batch size grow the native heap
        // (page faults) and were up to ten times slower than the steady state on the 2-vCPU VM.
        var warmUp = Stopwatch.StartNew();
        for (var i = 0; i < 5 || warmUp.Elapsed.TotalSeconds < measured.Seconds / 4; i++)
        {
            step();
        }
        var liveBefore = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var stopwatch = Stopwatch.StartNew();
        long calls = 0;
        while (calls < 3 || stopwatch.Elapsed.TotalSeconds < measured.Seconds)
        {
            step();
            calls++;
        }
        stopwatch.Stop();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        var liveChange = DisposeScopeManager.Statistics.ThreadTotalLiveCount - liveBefore;
        var elapsed = stopwatch.Elapsed.TotalSeconds;
        var windows = calls * measured.Batch;
        return new ScoringBenchmarkRow(measured.Architecture, implementation, measured.Batch, measured.Threads, windows, elapsed,
            windows / elapsed, elapsed / calls * 1e6, liveChange, (double)allocated / calls);
    }
}
