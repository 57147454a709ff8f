namespace StreamAe.Model.Training;

/// <summary>How a network is trained. Defaults train the dense ECG model in a few seconds on two cores.</summary>
public sealed class TrainingOptions
{
    public int Epochs { get; set; } = 300;
    public int BatchSize { get; set; } = 64;
    public double LearningRate { get; set; } = 3e-3;
    public long Seed { get; set; } = 42;

    /// <summary>auto (CUDA when available), cpu or cuda.</summary>
    public string Device { get; set; } = "auto";

    /// <summary>
    /// Share of the normal windows held out for early stopping and for fitting the threshold. Half, because the
    /// threshold needs the tail of the normal errors: on ECG5000 (292 normal beats) a 20 % hold-out (58 beats) missed
    /// it and mean + 1σ flagged 14 % of normal test beats; a 50 % hold-out gave accuracy 0.95 (docs/MODELS.md).
    /// </summary>
    public double ValidationFraction { get; set; } = 0.5;

    /// <summary>
    /// Consecutive normal rows held out together (1 = rows one by one). Rows cut from a series with a hop shorter than
    /// the window overlap: a validation window whose samples were all trained on errs as little as a training window,
    /// and a reference built on such errors flags the first unseen ones. Holding out runs of one window span leaves
    /// only a run's edges overlapping training rows.
    /// </summary>
    public int ValidationRun { get; set; } = 1;

    /// <summary>Epochs without a validation improvement before training stops.</summary>
    public int Patience { get; set; } = 30;

    /// <summary>Relative improvement of the validation loss that counts as progress.</summary>
    public double MinRelativeImprovement { get; set; } = 1e-3;

    /// <summary>Intra-op threads for libtorch (process-wide); 0 leaves libtorch's default. One: small batches on a shared 2-core host train several times faster than with two.</summary>
    public int Threads { get; set; } = 1;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Epochs < 1)
        {
            errors.Add($"epochs: must be at least 1, got {Epochs}.");
        }
        if (BatchSize < 1)
        {
            errors.Add($"batch-size: must be at least 1, got {BatchSize}.");
        }
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate))
        {
            errors.Add($"lr: must be a positive number, got {LearningRate}.");
        }
        if (!DeviceSelector.Names.Contains(Device))
        {
            errors.Add($"device: use one of {string.Join(", ", DeviceSelector.Names)}, got '{Device}'.");
        }
        if (ValidationFraction is <= 0 or >= 1)
        {
            errors.Add($"validation fraction: must be in (0, 1), got {ValidationFraction}.");
        }
        if (ValidationRun < 1)
        {
            errors.Add($"validation run: must be at least 1, got {ValidationRun}.");
        }
        if (Patience < 1)
        {
            errors.Add($"patience: must be at least 1, got {Patience}.");
        }
        if (Threads < 0)
        {
            errors.Add($"threads: must be ≥ 0, got {Threads}.");
        }
        return errors;
    }
}
