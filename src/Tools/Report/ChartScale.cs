using System.Globalization;

namespace StreamAe.Tools.Report;

/// <summary>Maps a series' time and score ranges onto a chart's pixels, and labels its axes.</summary>
internal sealed class ChartScale
{
    public const double Width = 960;
    public const double Height = 240;
    public const double Left = 64;
    public const double Right = 56;
    public const double Top = 14;
    public const double Bottom = 28;

    private readonly long _from;
    private readonly long _to;

    public ChartScale(SeriesReport series, bool epochTime)
    {
        EpochTime = epochTime;
        var times = series.Scores.Select(s => s.Time).Concat(series.Alerts.Select(a => a.Time)).ToList();
        _from = times.Count > 0 ? times.Min() : 0;
        _to = times.Count > 0 ? times.Max() : 1;
        var highest = series.Scores.SelectMany(s => new[] { s.Score, s.Threshold }).Where(double.IsFinite).DefaultIfEmpty(1).Max();
        ScoreMax = highest > 0 ? highest * 1.05 : 1;
    }

    public bool EpochTime { get; }

    public double ScoreMax { get; }

    public long From => _from;

    public long To => _to;

    public double X(long time) => _to == _from
        ? Left + (Width - Left - Right) / 2
        : Left + (Width - Left - Right) * (time - _from) / (_to - _from);

    public double Y(double score) => Top + (Height - Top - Bottom) * (1 - Math.Clamp(score / ScoreMax, 0, 1));

    /// <summary>The calibrated score's axis, on the right: 0 at the bottom, 1 at the top.</summary>
    public double YCalibrated(double calibrated) => Top + (Height - Top - Bottom) * (1 - Math.Clamp(calibrated, 0, 1));

    public string TimeLabel(long time)
    {
        if (!EpochTime)
        {
            return time.ToString(CultureInfo.InvariantCulture);
        }
        var at = DateTimeOffset.FromUnixTimeMilliseconds(time).UtcDateTime;
        var span = _to - _from;
        var format = span < 60_000 ? "HH:mm:ss.fff" : span < TimeSpan.FromDays(1).TotalMilliseconds ? "HH:mm:ss" : "MM-dd HH:mm";
        return at.ToString(format, CultureInfo.InvariantCulture);
    }

    public static string Number(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
