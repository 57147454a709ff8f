using System.Diagnostics;
using StreamAe.Model.Architectures;
using StreamAe.Model.Scaling;
using StreamAe.Model.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace StreamAe.Model.Scoring;

/// <summary>One measured case: which implementation, batch size and thread count, and its throughput.</summary>
public sealed record ScoringBenchmarkRow(string Implementation, int Batch, int Threads, long Windows, double Seconds, double WindowsPerSecond, double MicrosecondsPerBatch);

/// <summary>What <see cref="ScoringBenchmark"/> measures.</summary>
public sealed class ScoringBenchmarkOptions
{
    public IReadOnlyList<int> Batches { get; set; } = [1, 64, 1024, 8192];
    public IReadOnlyList<int> Threads { get; set; } = [1, 2];
    public double SecondsPerCase { get; set; } = 1.0;
    public int WindowLength { get; set; } = 140;
    public string Device { get; set; } = DeviceSelector.Cpu;
}

/// <summary>
/// The product <see cref="BatchScorer"/> against a bare TorchSharp loop (forward, per-window MSE, copy-out of the
/// scores, the loop of PERF-NOTES #5), on the same dense 140-32-16-8-16-32-140 network in the same process.
/// The scorer also copies its input in and scales it, which the bare loop does not.
/// </summary>
public static class ScoringBenchmark
{
    public const string Product = "BatchScorer";
    public const string Bare = "bare TorchSharp";

    public static IReadOnlyList<ScoringBenchmarkRow> Run(ScoringBenchmarkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var previousThreads = get_num_threads();
        var spec = new ArchitectureSpec { Name = ArchitectureSpec.Dense, WindowLength = options.WindowLength };
        manual_seed(1);
        using var module = spec.Build();
        var identity = new ScalerParameters(ScalerParameters.Standard, [0f], [1f]);
        using var scorer = new BatchScorer(module, identity, double.PositiveInfinity, "benchmark", new ScorerOptions { Device = options.Device }, ownsModule: false);
        var device = DeviceSelector.Resolve(options.Device);
        var rows = new List<ScoringBenchmarkRow>();
        try
        {
            foreach (var threads in options.Threads)
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
                    rows.Add(Measure(Product, batch, threads, options.SecondsPerCase, () => scorer.Score(windows, batch, scores)));
                    using var input = tensor(windows, [batch, options.WindowLength], device: device);
                    rows.Add(Measure(Bare, batch, threads, options.SecondsPerCase, () => BareStep(module, input, scores)));
                }
            }
        }
        finally
        {
            set_num_threads(previousThreads);
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

    private static ScoringBenchmarkRow Measure(string implementation, int batch, int threads, double seconds, Action step)
    {
        // Warm up for a quarter of the case's time: the first calls at a new batch size grow the native heap
        // (page faults) and were up to ten times slower than the steady state on the 2-vCPU VM.
        var warmUp = Stopwatch.StartNew();
        for (var i = 0; i < 5 || warmUp.Elapsed.TotalSeconds < seconds / 4; i++)
        {
            step();
        }
        var stopwatch = Stopwatch.StartNew();
        long calls = 0;
        while (calls < 3 || stopwatch.Elapsed.TotalSeconds < seconds)
        {
            step();
            calls++;
        }
        stopwatch.Stop();
        var elapsed = stopwatch.Elapsed.TotalSeconds;
        var windows = calls * batch;
        return new ScoringBenchmarkRow(implementation, batch, threads, windows, elapsed, windows / elapsed, elapsed / calls * 1e6);
    }
}
