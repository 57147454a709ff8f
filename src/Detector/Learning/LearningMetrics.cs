using System.Diagnostics.Metrics;
using StreamAe.Contracts.Telemetry;

namespace StreamAe.Detector.Learning;

/// <summary>The instruments of learning pipelines.</summary>
public static class LearningMetrics
{
    private static readonly Meter Meter = new(DetectorMeter.Name);

    public static readonly Counter<long> WarmupWindows =
        Meter.CreateCounter<long>("streamae_detector_warmup_windows", "{window}",
            "Windows a learning pipeline trained its first model on, acknowledged without a verdict.");

    public static readonly Counter<long> ModelsLearned =
        Meter.CreateCounter<long>("streamae_detector_trainings", "{training}",
            "Trainings of learning pipelines, by outcome (trained, skipped by the anomaly guard, failed).");

    static LearningMetrics()
    {
        KnownSeries.DeclareEach(ModelsLearned, "outcome", ["trained", "skipped", "failed"]);
    }
}
