using System.Globalization;

namespace StreamAe.Model.Thresholds;

/// <summary>
/// How each series' alarm threshold behaves while streaming (configuration section e.g. <c>Threshold</c>):
/// <c>static</c> keeps the threshold fitted at training time; <c>spot</c> / <c>dspot</c> fit a tail model to the series'
/// own scores (DSPOT also follows drift of the level); <c>rolling-percentile</c> / <c>rolling-mad</c> recalibrate against
/// the last <see cref="WindowSize"/> scores. The adaptive modes calibrate on <see cref="WarmUp"/> scores of the series
/// first, judging them meanwhile with the static threshold, unless calibration scores are given up front.
/// </summary>
public sealed class StreamingThresholdOptions
{
    public const string Static = "static";
    public const string Spot = "spot";
    public const string Dspot = "dspot";
    public const string RollingPercentile = "rolling-percentile";
    public const string RollingMad = "rolling-mad";

    private static readonly string[] Modes = [Static, Spot, Dspot, RollingPercentile, RollingMad];

    public string Mode { get; set; } = Static;

    /// <summary>SPOT/DSPOT: probability of a false alarm per score (q).</summary>
    public double Risk { get; set; } = 1e-3;

    /// <summary>SPOT/DSPOT: the calibration quantile used as the initial threshold t.</summary>
    public double InitialQuantile { get; set; } = Pot.DefaultInitialQuantile;

    /// <summary>DSPOT: how many recent normal scores the drift level averages.</summary>
    public int Depth { get; set; } = 100;

    /// <summary>SPOT/DSPOT: how many recent excesses are kept per series.</summary>
    public int MaxPeaks { get; set; } = StreamingSpot.DefaultMaxPeaks;

    /// <summary>Adaptive modes: scores of a series collected before its own threshold takes over.</summary>
    public int WarmUp { get; set; } = 1_000;

    /// <summary>Rolling modes: how many recent scores the threshold is computed from.</summary>
    public int WindowSize { get; set; } = 2_000;

    /// <summary>rolling-percentile: the percentile p in (0, 100].</summary>
    public double Percentile { get; set; } = 99.5;

    /// <summary>rolling-mad: threshold = median + K·1.4826·MAD.</summary>
    public double MadK { get; set; } = 4;

    /// <summary>Rolling modes: whether scores judged anomalous join the window (true lets it follow level shifts).</summary>
    public bool LearnFromAnomalies { get; set; } = true;

    /// <summary>Every problem with the options, each naming its key; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!Modes.Contains(Mode))
        {
            errors.Add(Invariant($"Threshold:Mode '{Mode}' is not one of {string.Join(", ", Modes)}."));
        }
        if (!(InitialQuantile > 0 && InitialQuantile < 1))
        {
            errors.Add(Invariant($"Threshold:InitialQuantile must lie in (0, 1), e.g. 0.98; got {InitialQuantile}."));
        }
        else if (!(Risk > 0 && Risk < 1 - InitialQuantile))
        {
            errors.Add(Invariant($"Threshold:Risk must lie in (0, 1 − InitialQuantile) = (0, {1 - InitialQuantile:G4}), e.g. 0.001; got {Risk}."));
        }
        if (Depth < 1)
        {
            errors.Add(Invariant($"Threshold:Depth must be at least 1; got {Depth}."));
        }
        if (MaxPeaks < 2)
        {
            errors.Add(Invariant($"Threshold:MaxPeaks must be at least 2; got {MaxPeaks}."));
        }
        var minimumWarmUp = Mode == Dspot ? Depth + StreamingSpot.MinimumCalibration : StreamingSpot.MinimumCalibration;
        if (WarmUp < minimumWarmUp)
        {
            errors.Add(Invariant($"Threshold:WarmUp must be at least {minimumWarmUp} for mode {Mode}; got {WarmUp}."));
        }
        if (WindowSize < 2)
        {
            errors.Add(Invariant($"Threshold:WindowSize must be at least 2; got {WindowSize}."));
        }
        if (!(Percentile > 0 && Percentile <= 100))
        {
            errors.Add(Invariant($"Threshold:Percentile must lie in (0, 100], e.g. 99.5; got {Percentile}."));
        }
        if (!(double.IsFinite(MadK) && MadK >= 0))
        {
            errors.Add(Invariant($"Threshold:MadK must be a finite number ≥ 0, e.g. 4; got {MadK}."));
        }
        return errors;
    }

    /// <summary>
    /// A fresh threshold for one series. With enough <paramref name="calibration"/> scores (e.g. the held-out normal
    /// errors stored with the model) the adaptive rule starts calibrated; otherwise it warms up on the series' own scores.
    /// </summary>
    /// <param name="fittedThreshold">the static threshold from training</param>
    public IStreamingThreshold Create(double fittedThreshold, ReadOnlySpan<double> calibration = default)
    {
        var errors = Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid threshold options: " + string.Join(" ", errors));
        }
        var fixedThreshold = new FixedThreshold(fittedThreshold);
        if (Mode == Static)
        {
            return fixedThreshold;
        }
        return calibration.Length >= WarmUp ? Build(calibration) : new WarmUpThreshold(fixedThreshold, WarmUp, Build);
    }

    private IStreamingThreshold Build(ReadOnlySpan<double> calibration)
    {
        switch (Mode)
        {
            case Spot:
                return new StreamingSpot(calibration, Risk, depth: 0, InitialQuantile, MaxPeaks);
            case Dspot:
                return new StreamingSpot(calibration, Risk, Depth, InitialQuantile, MaxPeaks);
            default:
                var rolling = Mode == RollingMad
                    ? RollingQuantileThreshold.MedianMad(WindowSize, MadK, learnFromAnomalies: LearnFromAnomalies)
                    : RollingQuantileThreshold.Percentile(WindowSize, Percentile, learnFromAnomalies: LearnFromAnomalies);
                rolling.Seed(calibration);
                return rolling;
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
