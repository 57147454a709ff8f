namespace StreamAe.Model.Training;

/// <summary>One line of training progress, reported after every epoch.</summary>
public sealed record EpochProgress(int Epoch, int MaxEpochs, double TrainLoss, double ValidationLoss, bool Improved, TimeSpan Elapsed, TimeSpan EstimatedRemaining)
{
    public override string ToString() => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"epoch {Epoch}/{MaxEpochs}  loss {TrainLoss:G5}  val {ValidationLoss:G5}{(Improved ? " *" : "")}  elapsed {Elapsed.TotalSeconds:F1}s  eta ≤{EstimatedRemaining.TotalSeconds:F1}s");
}
