using StreamAe.Detector.Decision;

namespace StreamAe.Detector.Scoring;

/// <summary>
/// Which model scored each window of a batch: <see cref="Earlier"/> before index <see cref="SwitchAt"/>,
/// <see cref="Model"/> from it on (a new model takes over at an exact stream position, even inside a batch). Null means
/// unscored: no model existed yet (a learning pipeline's warm-up).
/// </summary>
public readonly record struct ModelRun(ModelReference? Earlier, int SwitchAt, ModelReference? Model)
{
    public static ModelRun Single(ModelReference model) => new(model, 0, model);

    public ModelReference? For(int index) => index < SwitchAt ? Earlier : Model;

    /// <summary>How many of a batch's <paramref name="count"/> windows a model scored.</summary>
    public int Scored(int count) => (Earlier is null ? 0 : SwitchAt) + (Model is null ? 0 : count - SwitchAt);
}
