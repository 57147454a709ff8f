using StreamAe.Model.ModelFile;

namespace StreamAe.Model.Jobs;

/// <summary>The outcome of <see cref="TrainJob"/>: where the model went, what it holds, and how the data was split.</summary>
public sealed record TrainSummary(string ModelPath, ModelMetadata Metadata, int TrainWindows, int ValidationWindows, int AnomalousWindows);
