using StreamAe.Model.Jobs;
using StreamAe.Model.Scoring;

namespace StreamAe.Tools.Evaluation;

/// <summary>What <see cref="EvaluateJob"/> needs: a model, labelled data and where to write the report and plots.</summary>
public sealed class EvaluateJobOptions
{
    public string ModelPath { get; set; } = "";
    public string DataPath { get; set; } = "";
    public string Format { get; set; } = DataFormats.Ucr;

    /// <summary>Rows with this label are normal; the model's own training label when null.</summary>
    public double? NormalLabel { get; set; }

    public string OutputDirectory { get; set; } = "evaluation";
    public bool Plots { get; set; } = true;
    public ScorerOptions Scorer { get; set; } = new();

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(ModelPath))
        {
            errors.Add("model: a model file is required.");
        }
        if (string.IsNullOrWhiteSpace(DataPath))
        {
            errors.Add("data: a data file is required.");
        }
        if (!DataFormats.Names.Contains(Format))
        {
            errors.Add($"format: use one of {string.Join(", ", DataFormats.Names)}, got '{Format}'.");
        }
        if (string.IsNullOrWhiteSpace(OutputDirectory))
        {
            errors.Add("out: an output directory is required.");
        }
        errors.AddRange(Scorer.Validate("scorer"));
        return errors;
    }
}
