namespace StreamAe.Model.Thresholds;

/// <summary>Shape γ and scale σ of a Generalized Pareto Distribution fitted to excesses over a threshold.</summary>
internal readonly record struct GpdParameters(double Gamma, double Sigma, string Estimator);

/// <summary>
/// Maximum-likelihood GPD fit by Grimshaw's reduction (as used by Siffer et al., KDD 2017): the likelihood equations reduce
/// to one equation in x = γ/σ, u(x)·v(x) = 1 with u(x) = mean(1/(1+x·Y)) and v(x) = 1 + mean(ln(1+x·Y)); then
/// γ = v(x) − 1 and σ = γ/x. Every root (and the exponential case x = 0) is a candidate; the one with the highest
/// log-likelihood wins. Falls back to the method of moments when the excesses are too few or degenerate.
/// </summary>
internal static class GeneralizedPareto
{
    private const int GridPoints = 16;
    private const int BisectionSteps = 60;
    private const double BoundaryMargin = 1e-8;

    public static GpdParameters Fit(ReadOnlySpan<double> excesses)
    {
        if (excesses.IsEmpty)
        {
            return new GpdParameters(0, 0, "none (no excesses)");
        }

        double min = double.PositiveInfinity, max = 0, sum = 0;
        foreach (var y in excesses)
        {
            min = Math.Min(min, y);
            max = Math.Max(max, y);
            sum += y;
        }
        var mean = sum / excesses.Length;
        if (excesses.Length < 3 || max <= 0 || max - min <= 1e-12 * max)
        {
            return MethodOfMoments(excesses, mean);
        }

        var best = new GpdParameters(0, mean, "grimshaw-mle");
        var bestLikelihood = LogLikelihood(excesses, best);

        // Grimshaw's bounds: negative roots need 1 + x·Y > 0 for every Y, so x > −1/max; positive roots lie in
        // [2(mean − min)/(mean·min), 2(mean − min)/min²], which can span many decades, hence a geometric grid there.
        var nearZero = BoundaryMargin / max;
        ConsiderRoots(excesses, -1 / max * (1 - BoundaryMargin), -nearZero, geometric: false, ref best, ref bestLikelihood);
        var positiveFrom = Math.Max(nearZero, 2 * (mean - min) / (mean * min));
        var positiveTo = 2 * (mean - min) / (min * min);
        if (double.IsFinite(positiveTo) && positiveTo > positiveFrom)
        {
            ConsiderRoots(excesses, positiveFrom, positiveTo, geometric: true, ref best, ref bestLikelihood);
        }

        return double.IsFinite(best.Sigma) && best.Sigma > 0 && double.IsFinite(best.Gamma)
            ? best
            : MethodOfMoments(excesses, mean);
    }

    /// <summary>Tail quantile z_q = t + (σ/γ)((q·n/N_t)^(−γ) − 1), or t − σ·ln(q·n/N_t) when γ = 0.</summary>
    public static double Quantile(GpdParameters gpd, double initialThreshold, double risk, long count, int peakCount)
    {
        if (peakCount == 0 || gpd.Sigma <= 0)
        {
            return initialThreshold;
        }
        var ratio = risk * count / peakCount;
        return Math.Abs(gpd.Gamma) < 1e-12
            ? initialThreshold - gpd.Sigma * Math.Log(ratio)
            : initialThreshold + gpd.Sigma / gpd.Gamma * (Math.Pow(ratio, -gpd.Gamma) - 1);
    }

    private static void ConsiderRoots(
        ReadOnlySpan<double> excesses, double from, double to, bool geometric, ref GpdParameters best, ref double bestLikelihood)
    {
        // Scan a grid for sign changes of w(x) = u(x)·v(x) − 1, then bisect each bracket.
        var previousX = from;
        var previousW = W(excesses, previousX);
        for (var i = 1; i <= GridPoints; i++)
        {
            var x = geometric ? from * Math.Pow(to / from, (double)i / GridPoints) : from + (to - from) * i / GridPoints;
            var w = W(excesses, x);
            if (double.IsFinite(w) && double.IsFinite(previousW) && Math.Sign(w) != Math.Sign(previousW))
            {
                var root = Bisect(excesses, previousX, x, previousW);
                var candidate = FromRoot(excesses, root);
                var likelihood = LogLikelihood(excesses, candidate);
                if (likelihood > bestLikelihood)
                {
                    best = candidate;
                    bestLikelihood = likelihood;
                }
            }
            previousX = x;
            previousW = w;
        }
    }

    private static double Bisect(ReadOnlySpan<double> excesses, double a, double b, double wa)
    {
        for (var step = 0; step < BisectionSteps && b - a > 1e-14 * Math.Max(Math.Abs(a), Math.Abs(b)); step++)
        {
            var mid = 0.5 * (a + b);
            var wm = W(excesses, mid);
            if (Math.Sign(wm) == Math.Sign(wa))
            {
                a = mid;
                wa = wm;
            }
            else
            {
                b = mid;
            }
        }
        return 0.5 * (a + b);
    }

    private static GpdParameters FromRoot(ReadOnlySpan<double> excesses, double x)
    {
        double logSum = 0;
        foreach (var y in excesses)
        {
            logSum += Math.Log(1 + x * y);
        }
        var gamma = logSum / excesses.Length;
        return new GpdParameters(gamma, gamma / x, "grimshaw-mle");
    }

    private static double W(ReadOnlySpan<double> excesses, double x)
    {
        double inverseSum = 0, logSum = 0;
        foreach (var y in excesses)
        {
            var s = 1 + x * y;
            inverseSum += 1 / s;
            logSum += Math.Log(s);
        }
        var n = excesses.Length;
        return inverseSum / n * (1 + logSum / n) - 1;
    }

    internal static double LogLikelihood(ReadOnlySpan<double> excesses, GpdParameters gpd)
    {
        if (!(gpd.Sigma > 0))
        {
            return double.NegativeInfinity;
        }
        var n = excesses.Length;
        if (Math.Abs(gpd.Gamma) < 1e-12)
        {
            double sum = 0;
            foreach (var y in excesses)
            {
                sum += y;
            }
            return -n * Math.Log(gpd.Sigma) - sum / gpd.Sigma;
        }
        double logSum = 0;
        foreach (var y in excesses)
        {
            var s = 1 + gpd.Gamma * y / gpd.Sigma;
            if (s <= 0)
            {
                return double.NegativeInfinity;
            }
            logSum += Math.Log(s);
        }
        return -n * Math.Log(gpd.Sigma) - (1 + 1 / gpd.Gamma) * logSum;
    }

    /// <summary>Method of moments: γ = ½(1 − m²/s²), σ = ½·m·(m²/s² + 1); exponential (γ = 0, σ = m) without spread.</summary>
    private static GpdParameters MethodOfMoments(ReadOnlySpan<double> excesses, double mean)
    {
        var (_, std) = ErrorStatistics.Moments(excesses);
        var variance = std * std;
        if (variance <= 0 || mean <= 0)
        {
            return new GpdParameters(0, mean, "exponential (too few or identical excesses)");
        }
        var ratio = mean * mean / variance;
        return new GpdParameters(0.5 * (1 - ratio), 0.5 * mean * (ratio + 1), "method-of-moments");
    }
}
