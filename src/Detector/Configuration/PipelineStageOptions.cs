using StreamAe.Detector.Batching;
using StreamAe.Detector.Decision.Alerts;
using StreamAe.Detector.Decision.State;
using StreamAe.Detector.Decision.Thresholds;
using StreamAe.Detector.Learning;
using StreamAe.Ingest.Parsing;
using StreamAe.Ingest.Source;
using StreamAe.Ingest.Windowing;
using StreamAe.Model.Scoring;

namespace StreamAe.Detector.Configuration;

/// <summary>
/// The options each stage of one pipeline runs with, derived in this one place from the daemon's settings: the shared
/// sections with the pipeline's own settings over them. Every copy is a whole copy with named settings replaced, so a
/// setting added to a section reaches its stage without being listed here.
/// </summary>
/// <param name="Section">The pipeline's configuration key (<c>Pipelines:0</c>), for messages.</param>
/// <param name="Source">The shared <c>Kafka</c> section with the pipeline's group, topics and static member name.</param>
/// <param name="Format">The pipeline's format, requiring windows of <c>Window:WindowLength</c>.</param>
/// <param name="Scorer">The shared <c>Scoring</c> section's scorer settings.</param>
/// <param name="ModelReloadInterval">How often the model file is checked for changes; zero: never.</param>
/// <param name="Threshold">The pipeline's thresholds, with the format's default mode when none is set.</param>
/// <param name="Alerting">The pipeline's <c>Alerting</c> override, else the shared section.</param>
/// <param name="Reconstruct">Whether scoring keeps each window's reconstruction (residual points or explanations need it).</param>
public sealed record PipelineStageOptions(
    string Name,
    string Section,
    KafkaSourceOptions Source,
    FormatOptions Format,
    WindowerOptions Window,
    BatchingOptions Batching,
    string? SeriesPattern,
    string ModelPath,
    LearningOptions Learning,
    ScorerOptions Scorer,
    TimeSpan ModelReloadInterval,
    ThresholdOptions Threshold,
    AlertingOptions Alerting,
    StateOptions State,
    bool Reconstruct)
{
    public static PipelineStageOptions For(DetectorOptions root, int index)
    {
        ArgumentNullException.ThrowIfNull(root);
        var pipeline = root.Pipelines[index];
        var alerting = pipeline.Alerting ?? root.Alerting;
        return new PipelineStageOptions(
            pipeline.Name,
            $"Pipelines:{index}",
            root.Kafka.ForPipeline(pipeline.GroupId ?? root.Kafka.GroupId, pipeline.Topics, pipeline.Name),
            // The batcher takes windows of the model's length only; the parser refuses the others, as dead letters.
            pipeline.Format.WithWindowLength(pipeline.Window.WindowLength),
            pipeline.Window,
            root.Batching,
            pipeline.SeriesPattern,
            pipeline.ModelPath,
            pipeline.Learning,
            root.Scoring.Scorer,
            TimeSpan.FromMilliseconds(root.Scoring.ReloadIntervalMs),
            pipeline.Threshold.WithModeFor(wholeWindows: pipeline.Format.Format == MessageFormat.Window),
            alerting,
            pipeline.State,
            Reconstruct: root.Sink.WriteResiduals || alerting.Explain);
    }
}
