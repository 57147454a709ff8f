using StreamAe.Model.Architectures;
using StreamAe.Model.Data;
using StreamAe.Model.ModelFile;
using StreamAe.Model.Scaling;
using StreamAe.Model.Scoring;
using StreamAe.Model.Thresholds;
using StreamAe.Model.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace StreamAe.Model.Jobs;

/// <summary>
/// Labelled windows → model file. Trains on the normal windows minus a held-out validation share; early stopping
/// and the threshold both use that held-out share (training errors are too optimistic once the network fits its
/// training set). The file's other anomalous rows only serve bestf1.
/// </summary>
public static class TrainJob
{
    public static TrainSummary Run(TrainJobOptions options, Action<EpochProgress>? onEpoch = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors));
        }
        var shape = new WindowShape(options.Architecture.WindowLength, options.Hop);
        var data = options.Reader?.Invoke(options.DataPath, shape) ?? DataFormats.Read(options.DataPath, options.Format, shape);
        return Run(data, options, onEpoch, cancellationToken);
    }

    public static TrainSummary Run(WindowSet data, TrainJobOptions options, Action<EpochProgress>? onEpoch = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        var spec = options.Architecture with
        {
            WindowLength = options.Architecture.WindowLength == 0 ? data.WindowLength : options.Architecture.WindowLength,
            Channels = data.Channels,
        };
        if (spec.Name == ArchitectureSpec.Pca)
        {
            // A PCA keeping every dimension of a short window reconstructs each window exactly and scores nothing: a
            // narrow window keeps at most half of its dimensions.
            spec = spec with { PcaComponents = Math.Min(spec.PcaComponents, Math.Max(1, spec.WindowLength * spec.Channels / 2)) };
        }
        if (spec.WindowLength != data.WindowLength)
        {
            throw new ArgumentException($"window: the data's rows have {data.WindowLength} values, --window says {spec.WindowLength}.");
        }
        var thresholdSpec = ThresholdSpec.Parse(options.Threshold);
        var (trainRows, validationRows, anomalousRows) = Split(data, options.NormalLabel, options.Training);

        if (options.Training.Threads > 0)
        {
            set_num_threads(options.Training.Threads);
        }
        var device = DeviceSelector.Resolve(options.Training.Device);
        var trainValues = data.Gather(trainRows);
        var validationValues = data.Gather(validationRows);
        var anomalousValues = data.Gather(anomalousRows);
        var scaling = ScalerParameters.Fit(options.Scaling, trainValues, trainRows.Length, data.WindowLength, data.Channels);

        var (trained, result) = Fit(spec, device, scaling, trainValues, validationValues, options.Training, onEpoch, cancellationToken);
        using var module = trained;

        // Errors come from the product scorer, so the threshold sees exactly what scoring will compute.
        var name = string.IsNullOrWhiteSpace(options.Name) ? Path.GetFileNameWithoutExtension(options.OutputPath) : options.Name;
        var scorerOptions = new ScorerOptions { Device = options.Training.Device };
        double[] trainErrors, validationErrors, anomalousErrors;
        using (var scorer = new BatchScorer(module, scaling, double.NaN, name, scorerOptions, ownsModule: false))
        {
            trainErrors = scorer.ScoreAll(trainValues, trainRows.Length);
            validationErrors = scorer.ScoreAll(validationValues, validationRows.Length);
            anomalousErrors = scorer.ScoreAll(anomalousValues, anomalousRows.Length);
        }
        bool[] labelled = [.. Enumerable.Repeat(false, validationErrors.Length), .. Enumerable.Repeat(true, anomalousErrors.Length)];
        var threshold = ThresholdFitter.Fit(thresholdSpec, validationErrors, [.. validationErrors, .. anomalousErrors], labelled);

        var metadata = new ModelMetadata
        {
            Name = name,
            Architecture = spec,
            WindowLength = spec.WindowLength,
            Channels = spec.Channels,
            Hop = options.Hop == 0 ? spec.WindowLength : options.Hop,
            Scaler = scaling,
            Threshold = threshold,
            TrainingErrors = ErrorStatistics.From(trainErrors),
            ValidationErrors = ErrorStatistics.From(validationErrors),
            ReferenceErrors = ReferenceErrors(validationErrors, trainErrors),
            Training = result,
            TrainingDataSha256 = data.Sha256,
            NormalLabel = options.NormalLabel,
            LibraryVersions = ModelMetadata.CurrentLibraryVersions(),
            CreatedAt = DateTimeOffset.UtcNow,
        };
        module.to(CPU);
        ModelFileStore.Write(options.OutputPath, metadata, module);
        return new TrainSummary(options.OutputPath, metadata, trainRows.Length, validationRows.Length, anomalousRows.Length);
    }

    /// <summary>Builds and trains the module; the trainer draws its weights and noise from the seed alone, so trainings
    /// running at once in one process (learning pipelines) each get the model their seed gives when run alone.</summary>
    private static (AutoencoderModule Module, TrainingResult Result) Fit(ArchitectureSpec spec, Device device, ScalerParameters scaling,
        float[] trainValues, float[] validationValues, TrainingOptions training, Action<EpochProgress>? onEpoch, CancellationToken cancellationToken)
    {
        var module = spec.Build();
        try
        {
            module.to(device);
            using var scaler = new TensorScaler(scaling, spec.WindowLength, spec.Channels, device);
            using var train = Scaled(scaler, trainValues, spec.WindowLength * spec.Channels, device);
            using var validation = Scaled(scaler, validationValues, spec.WindowLength * spec.Channels, device);
            return (module, Trainer.Fit(module, train, validation, training, onEpoch, cancellationToken));
        }
        catch
        {
            module.Dispose();
            throw;
        }
    }

    /// <summary>Seeded split of the normal rows into training and validation, in runs of
    /// <see cref="TrainingOptions.ValidationRun"/> consecutive rows; every other row is anomalous.</summary>
    internal static (int[] Train, int[] Validation, int[] Anomalous) Split(WindowSet data, double normalLabel, TrainingOptions training)
    {
        var normal = Enumerable.Range(0, data.Count).Where(i => data.Labels[i] == normalLabel).ToArray();
        var anomalous = Enumerable.Range(0, data.Count).Where(i => data.Labels[i] != normalLabel).ToArray();
        if (normal.Length < 4)
        {
            throw new ArgumentException($"normal-label: only {normal.Length} rows have label {normalLabel}; at least 4 normal rows are needed to train and validate.");
        }
        var random = new Random(unchecked((int)training.Seed));
        var validationCount = Math.Clamp((int)Math.Round(normal.Length * training.ValidationFraction), 2, normal.Length - 2);
        var run = training.ValidationRun;
        if (run <= 1 || normal.Length < 4 * run)
        {
            random.Shuffle(normal);
            return (normal[validationCount..], normal[..validationCount], anomalous);
        }
        var runs = normal.Chunk(run).ToArray();
        random.Shuffle(runs);
        var heldOut = new HashSet<int>();
        foreach (var held in runs.TakeWhile(_ => heldOut.Count < validationCount))
        {
            heldOut.UnionWith(held);
        }
        return ([.. normal.Where(i => !heldOut.Contains(i))], [.. normal.Where(heldOut.Contains)], anomalous);
    }

    /// <summary>Held-out errors first (they are the honest ones), then training errors, thinned evenly to the cap.</summary>
    private static float[] ReferenceErrors(double[] validationErrors, double[] trainErrors)
    {
        double[] all = [.. validationErrors, .. trainErrors];
        var count = Math.Min(all.Length, ModelMetadata.MaxReferenceErrors);
        var reference = new float[count];
        for (var i = 0; i < count; i++)
        {
            reference[i] = (float)all[(int)((long)i * all.Length / count)];
        }
        return reference;
    }

    private static Tensor Scaled(TensorScaler scaler, float[] values, int size, Device device)
    {
        using var scope = NewDisposeScope();
        using var raw = tensor(values, [values.Length / size, size], device: device);
        return scaler.Forward(raw).contiguous().MoveToOuterDisposeScope();
    }
}
