using Microsoft.Extensions.Hosting;
using StreamAe.Detector.Configuration;
using StreamAe.Model.Scoring;

namespace StreamAe.Detector.Hosting;

/// <summary>
/// Hands free native memory back to the kernel every <see cref="ScoringOptions.NativeTrimIntervalMs"/>. The process
/// never trims on free (<see cref="NativeHeap.KeepFreedMemory"/>: big tensor buffers would fault in again every
/// batch), so without this each burst — librdkafka's prefetch refilling after a sink stall, a large batch — raised
/// resident memory for good. A trim costs a few page faults on the next batch, once per interval.
/// </summary>
internal sealed class NativeHeapTrimmer(DetectorOptions options, Action? trim = null, TimeProvider? time = null) : BackgroundService
{
    private readonly Action _trim = trim ?? (() => NativeHeap.ReleaseFreePages());
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Scoring.NativeTrimIntervalMs;
        if (interval <= 0)
        {
            return;
        }
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(interval), _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                _trim();
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }
}
