using StreamAe.Model.Architectures;
using StreamAe.Model.Scaling;
using StreamAe.Model.Thresholds;
using StreamAe.Model.Training;

namespace StreamAe.Model.Jobs;

/// <summary>What <see cref="TrainJob"/> needs: the data, the architecture, the threshold method and the training settings.</summary>
public sealed class TrainJobOptions
{
    public string DataPath { get; set; } = "";
    public string Format { get; set; } = DataFormats.Ucr;

    /// <summary>Reads <see cref="DataPath"/> in place of <see cref="Format"/>'s registered reader: how a caller passes
    /// a format's own settings (the CLI's CSV columns and separator). Null reads by <see cref="Format"/>.</summary>
    public WindowSetReader? Reader { get; set; }

    /// <summary>Rows with this label are normal (trained on); all others are anomalous.</summary>
    public double NormalLabel { get; set; } = 1;

    /// <summary>Architecture name and hyper-parameters; its window length is taken from the data when 0.</summary>
    public ArchitectureSpec Architecture { get; set; } = new() { Name = ArchitectureSpec.Dense, WindowLength = 0 };

    /// <summary>Hop between windows when the model later scores a series; 0 = the window length (no overlap).</summary>
    public int Hop { get; set; }

    public string Threshold { get; set; } = "meansd:1";
    public string Scaling { get; set; } = ScalerParameters.Standard;
    public TrainingOptions Training { get; set; } = new();
    public string OutputPath { get; set; } = "model.streamae";

    /// <summary>The model's name (the <c>model</c> tag of its outputs); the output file name without extension when empty.</summary>
    public string? Name { get; set; }

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(DataPath))
        {
            errors.Add("data: a data file is required.");
        }
        if (!DataFormats.Names.Contains(Format))
        {
            errors.Add($"format: use one of {string.Join(", ", DataFormats.Names)}, got '{Format}'.");
        }
        if (!ArchitectureSpec.Names.Contains(Architecture.Name))
        {
            errors.Add($"arch: use one of {string.Join(", ", ArchitectureSpec.Names)}, got '{Architecture.Name}'.");
        }
        if (Architecture.WindowLength < 0 || Hop < 0)
        {
            errors.Add("window and hop must be ≥ 0 (0 = from the data).");
        }
        if (!ThresholdSpec.TryParse(Threshold, out _))
        {
            errors.Add($"threshold: '{Threshold}' is not valid; use {ThresholdSpec.ValidForms}.");
        }
        if (!ScalerParameters.Kinds.Contains(Scaling))
        {
            errors.Add($"scaling: use one of {string.Join(", ", ScalerParameters.Kinds)}, got '{Scaling}'.");
        }
        if (string.IsNullOrWhiteSpace(OutputPath))
        {
            errors.Add("out: an output model path is required.");
        }
        errors.AddRange(Training.Validate());
        return errors;
    }
}
