namespace StreamAe.Model.Thresholds;

/// <summary>
/// A Peaks-Over-Threshold fit: the tail threshold z_q, the initial threshold t the peaks were taken over, the GPD shape γ and
/// scale σ of the excesses, how many peaks there were (N_t) out of how many values (n), and which estimator gave γ and σ.
/// </summary>
public sealed record PotFit(double Threshold, double InitialThreshold, double Gamma, double Sigma, int PeakCount, int Count)
{
    public string Estimator { get; init; } = "grimshaw-mle";
}
