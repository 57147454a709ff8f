namespace StreamAe.Model.Thresholds;

/// <summary>
/// A Peaks-Over-Threshold fit: the tail threshold z_q, the initial threshold t the peaks were taken over, the GPD shape γ and
/// scale σ of the excesses, how many peaks there were (N_t) out of how many values (n), which estimator gave γ and σ, and
/// the quantile t was taken at (below the one asked for when the sample is too small to leave <see cref="Pot.MinimumPeaks"/>).
/// </summary>
public sealed record PotFit(double Threshold, double InitialThreshold, double Gamma, double Sigma, int PeakCount, int Count)
{
    public string Estimator { get; init; } = "grimshaw-mle";

    public double InitialQuantile { get; init; } = Pot.DefaultInitialQuantile;
}
