using StreamAe.Model.ModelFile;

namespace StreamAe.Detector.Scoring;

/// <summary>The windows a pipeline cuts, which its model must take: <c>Window:WindowLength</c> samples ×
/// <c>Window:Channels</c> of the configuration section <paramref name="Section"/> (e.g. <c>Pipelines:0</c>).</summary>
public readonly record struct PipelineWindowShape(int WindowLength, int Channels, string Section)
{
    /// <summary>Why <paramref name="model"/> cannot score these windows; null when it can. Length and channels are
    /// compared apart: a 70 × 2 model takes as many values as a 140 × 1 window but reads them as other samples.</summary>
    public string? Mismatch(ModelMetadata model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.WindowLength == WindowLength && model.Channels == Channels
            ? null
            : $"the model takes windows of {model.WindowLength} samples × {model.Channels} channels, but {Section}:Window:WindowLength is " +
              $"{WindowLength} and {Section}:Window:Channels is {Channels}; set both to the model's, or train a model for these windows.";
    }
}
