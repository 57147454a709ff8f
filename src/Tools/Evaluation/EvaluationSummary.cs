
namespace StreamAe.Tools.Evaluation;

/// <summary>The outcome of <see cref="EvaluateJob"/>: the metrics, the files written and the scoring speed.</summary>
public sealed record EvaluationSummary(
    BinaryReport Report,
    string ModelName,
    string ThresholdMethod,
    string ReportPath,
    IReadOnlyList<string> Plots,
    double ScoringSeconds,
    double WindowsPerSecond);
