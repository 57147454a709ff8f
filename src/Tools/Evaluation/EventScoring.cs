namespace StreamAe.Tools.Evaluation;

/// <summary>
/// A NAB-like event score over per-window labels and verdicts in time order (formula in docs/MODELS.md,
/// "Evaluation metrics"). An event is a maximal run of anomalous labels, detectable from its start to its end or to
/// <see cref="EventScoringOptions.ToleranceWindows"/> after its start, whichever is later (never into the next event).
/// A detected event earns <c>DetectionWeight · r(p)</c>, with <c>p</c> the first detection's relative position in
/// that span and <c>r</c> NAB's scaled sigmoid rescaled to r(0) = 1, r(1) = 0; a missed one costs <c>MissWeight</c>;
/// every run of positive verdicts outside the spans costs <c>FalseAlarmWeight</c> per started
/// <see cref="EventScoringOptions.FalseAlarmRepeatWindows"/> windows.
/// </summary>
public static class EventScoring
{
    /// <summary>NAB's sigmoid steepness: reward falls from about 0.99 to 0 across the detection span.</summary>
    private const double Steepness = 5;

    public static EventScore Score(ReadOnlySpan<bool> anomalous, ReadOnlySpan<bool> flagged, EventScoringOptions? options = null)
    {
        options ??= new EventScoringOptions();
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }
        if (anomalous.Length != flagged.Length)
        {
            throw new ArgumentException($"Got {anomalous.Length} labels but {flagged.Length} verdicts; they must pair up.", nameof(flagged));
        }

        var spans = DetectionSpans(anomalous, options.ToleranceWindows);
        var inSpan = new bool[anomalous.Length];
        double earned = 0;
        int detected = 0;
        long delaySum = 0;
        foreach (var (start, end) in spans)
        {
            Array.Fill(inSpan, true, start, end - start + 1);
            var first = FirstFlag(flagged, start, end);
            if (first < 0)
            {
                continue;
            }
            detected++;
            delaySum += first - start;
            earned += options.DetectionWeight * Reward((double)(first - start) / (end - start + 1)) + options.MissWeight;
        }

        var (runs, alarmWindows, alarmCost) = FalseAlarms(flagged, inSpan, options);
        earned -= alarmCost;
        var perfect = (options.DetectionWeight + options.MissWeight) * spans.Count;
        return new EventScore(
            Score: spans.Count == 0 ? double.NaN : 100 * earned / perfect,
            Events: spans.Count,
            Detected: detected,
            MeanDetectionDelayWindows: detected == 0 ? double.NaN : (double)delaySum / detected,
            FalseAlarmRuns: runs,
            FalseAlarmWindows: alarmWindows);
    }

    /// <summary>r(p) = σ(p) / σ(0) with NAB's σ(p) = 2 / (1 + e^(5(p − 1))) − 1: 1 at the event's start, 0 at the span's end.</summary>
    public static double Reward(double relativePosition)
    {
        static double Sigmoid(double p) => 2 / (1 + Math.Exp(Steepness * (p - 1))) - 1;
        return Sigmoid(relativePosition) / Sigmoid(0);
    }

    /// <summary>Each event's [start, end] widened to at least tolerance windows after its start, stopping before the next event.</summary>
    private static List<(int Start, int End)> DetectionSpans(ReadOnlySpan<bool> anomalous, int tolerance)
    {
        var events = new List<(int Start, int End)>();
        for (var i = 0; i < anomalous.Length; i++)
        {
            if (anomalous[i] && (i == 0 || !anomalous[i - 1]))
            {
                var end = i;
                while (end + 1 < anomalous.Length && anomalous[end + 1])
                {
                    end++;
                }
                events.Add((i, end));
            }
        }
        var spans = new List<(int Start, int End)>(events.Count);
        for (var e = 0; e < events.Count; e++)
        {
            var limit = e + 1 < events.Count ? events[e + 1].Start - 1 : anomalous.Length - 1;
            var (start, end) = events[e];
            spans.Add((start, Math.Max(end, Math.Min(start + tolerance, limit))));
        }
        return spans;
    }

    private static int FirstFlag(ReadOnlySpan<bool> flagged, int start, int end)
    {
        for (var i = start; i <= end; i++)
        {
            if (flagged[i])
            {
                return i;
            }
        }
        return -1;
    }

    private static (int Runs, int Windows, double Cost) FalseAlarms(ReadOnlySpan<bool> flagged, bool[] inSpan, EventScoringOptions options)
    {
        int runs = 0, windows = 0;
        double cost = 0;
        var i = 0;
        while (i < flagged.Length)
        {
            if (!flagged[i] || inSpan[i])
            {
                i++;
                continue;
            }
            var length = 0;
            while (i < flagged.Length && flagged[i] && !inSpan[i])
            {
                length++;
                i++;
            }
            runs++;
            windows += length;
            cost += options.FalseAlarmWeight * ((length + options.FalseAlarmRepeatWindows - 1) / options.FalseAlarmRepeatWindows);
        }
        return (runs, windows, cost);
    }
}
