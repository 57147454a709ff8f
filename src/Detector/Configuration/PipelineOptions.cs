using StreamAe.Contracts;
using StreamAe.Detector.Decision.Alerts;
using StreamAe.Detector.Decision.State;
using StreamAe.Detector.Decision.Thresholds;
using StreamAe.Detector.Learning;
using StreamAe.Ingest.Parsing;
using StreamAe.Ingest.Windowing;

namespace StreamAe.Detector.Configuration;

/// <summary>One topic set → one model: its message format, windowing, threshold policy and alert rule.</summary>
public sealed class PipelineOptions : IValidatableOptions
{
    public string Name { get; set; } = "";

    public IList<string> Topics { get; set; } = [];

    /// <summary>Consumer group of this pipeline; default the Kafka section's. Pipelines that read the same topic need
    /// different groups, since each must see every message.</summary>
    public string? GroupId { get; set; }

    /// <summary>Regular expression on the series id: this pipeline's model scores only matching series; the others'
    /// windows are acknowledged unscored (and counted), so several models can split one topic by series.</summary>
    public string? SeriesPattern { get; set; }

    /// <summary>Path of the model file (written by <c>streamae train</c>); reloaded when it changes. Empty: the pipeline
    /// learns its model from its stream (<see cref="Learning"/>).</summary>
    public string ModelPath { get; set; } = "";

    /// <summary>How a pipeline without <see cref="ModelPath"/> learns its model.</summary>
    public LearningOptions Learning { get; set; } = new();

    public FormatOptions Format { get; set; } = new();

    public WindowerOptions Window { get; set; } = new();

    public ThresholdOptions Threshold { get; set; } = new();

    /// <summary>Overrides the top-level Alerting section for this pipeline.</summary>
    public AlertingOptions? Alerting { get; set; }

    /// <summary>Per-series decision state in a Kafka changelog (off unless enabled).</summary>
    public StateOptions State { get; set; } = new();

    public IEnumerable<string> Validate(string section)
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            yield return $"{section}:Name must be set (it names the pipeline in logs and metrics).";
        }
        if (Topics.Count == 0 || Topics.Any(string.IsNullOrWhiteSpace))
        {
            yield return $"{section}:Topics must list at least one Kafka topic (e.g. {section}:Topics:0=ecg).";
        }
        if (string.IsNullOrWhiteSpace(ModelPath))
        {
            foreach (var error in Learning.Validate($"{section}:Learning"))
            {
                yield return error;
            }
        }
        else if (!File.Exists(ModelPath))
        {
            yield return $"{section}:ModelPath '{ModelPath}' does not exist (create it with 'streamae train … --out {ModelPath}').";
        }
        if (SeriesPattern != null && !IsRegex(SeriesPattern))
        {
            yield return $"{section}:SeriesPattern '{SeriesPattern}' is not a valid regular expression.";
        }
        foreach (var error in Format.Validate($"{section}:Format"))
        {
            yield return error;
        }
        if (Format.WindowLength > 0 && Format.WindowLength != Window.WindowLength)
        {
            yield return $"{section}:Format:WindowLength ({Format.WindowLength}) differs from {section}:Window:WindowLength ({Window.WindowLength}), " +
                $"the length the model takes; set them equal, or leave {section}:Format:WindowLength 0.";
        }
        if (Format.Channels != Window.Channels)
        {
            yield return $"{section}:Format:Channels ({Format.Channels}) differs from {section}:Window:Channels ({Window.Channels}); set them equal.";
        }
        foreach (var error in Window.Validate($"{section}:Window"))
        {
            yield return error;
        }
        foreach (var error in Threshold.Validate($"{section}:Threshold"))
        {
            yield return error;
        }
        foreach (var error in Alerting?.Validate($"{section}:Alerting") ?? [])
        {
            yield return error;
        }
        foreach (var error in State.Validate($"{section}:State"))
        {
            yield return error;
        }
        if (State is { Enabled: true, Partitions: 0 } && Topics.Any(topic => topic.StartsWith('^')))
        {
            yield return $"{section}:State:Partitions must be set when Topics holds a pattern (the changelog cannot follow topics not known yet).";
        }
    }

    private static bool IsRegex(string pattern)
    {
        try
        {
            _ = new System.Text.RegularExpressions.Regex(pattern);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
