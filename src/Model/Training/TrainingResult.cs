namespace StreamAe.Model.Training;

/// <summary>What a training run did: epochs run, the epoch whose weights were kept, and the losses.</summary>
public sealed record TrainingResult(int EpochsRun, int BestEpoch, double FirstTrainLoss, double FinalTrainLoss, double BestValidationLoss, double Seconds, string Device);
