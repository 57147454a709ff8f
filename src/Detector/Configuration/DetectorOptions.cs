using StreamAe.Detector.Batching;
using StreamAe.Detector.Decision.Alerts;
using StreamAe.Ingest.Parsing.DeadLetter;
using StreamAe.Ingest.Source;
using StreamAe.Model.Scoring;
using StreamAe.Sink;

namespace StreamAe.Detector.Configuration;

/// <summary>
/// Everything <c>streamae run</c> reads, bound from appsettings.json, then <c>STREAMAE_*</c> environment variables,
/// then the command line (later sources win). Section names are the property names below.
/// </summary>
public sealed class DetectorOptions
{
    /// <summary>Connection and consumer settings shared by every pipeline (each pipeline brings its own topics).</summary>
    public KafkaSourceOptions Kafka { get; set; } = new();

    public IList<PipelineOptions> Pipelines { get; set; } = [];

    public DeadLetterOptions DeadLetter { get; set; } = new();

    public BatchingOptions Batching { get; set; } = new();

    public AlertingOptions Alerting { get; set; } = new();

    public ScoringOptions Scoring { get; set; } = new();

    public SinkOptions Sink { get; set; } = new();

    public HttpOptions Http { get; set; } = new();

    /// <summary>Every problem at once, each naming its full key and the fix: the one place the daemon's settings are
    /// checked, each section by its own <see cref="StreamAe.Contracts.IValidatableOptions.Validate"/>.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        errors.AddRange(Kafka.Validate(nameof(Kafka)));
        if (Pipelines.Count == 0)
        {
            errors.Add("Pipelines must have at least one entry (Pipelines:0:Name, Pipelines:0:Topics:0, Pipelines:0:ModelPath, …).");
        }
        for (var i = 0; i < Pipelines.Count; i++)
        {
            errors.AddRange(Pipelines[i].Validate($"Pipelines:{i}"));
        }
        foreach (var duplicate in Pipelines.GroupBy(p => p.Name).Where(g => g.Count() > 1))
        {
            errors.Add($"Pipelines: the name '{duplicate.Key}' is used {duplicate.Count()} times; names must be unique.");
        }
        var readers = Pipelines.SelectMany(p => p.Topics.Select(t => (Topic: t, Group: p.GroupId ?? Kafka.GroupId, p.Name)));
        foreach (var clash in readers.GroupBy(r => (r.Topic, r.Group)).Where(g => g.Count() > 1))
        {
            errors.Add($"Pipelines {string.Join(" and ", clash.Select(c => c.Name))} read topic '{clash.Key.Topic}' in the same consumer group " +
                $"'{clash.Key.Group}', so each would see only part of it; give them different Pipelines:N:GroupId values.");
        }
        errors.AddRange(DeadLetter.Validate(nameof(DeadLetter)));
        errors.AddRange(Batching.Validate(nameof(Batching)));
        errors.AddRange(Alerting.Validate(nameof(Alerting)));
        errors.AddRange(Scoring.Validate(nameof(Scoring)));
        errors.AddRange(Sink.Validate(nameof(Sink)));
        errors.AddRange(Http.Validate(nameof(Http)));
        return errors;
    }
}
