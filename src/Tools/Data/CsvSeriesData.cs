using System.Security.Cryptography;
using StreamAe.Contracts;
using StreamAe.Ingest.Files;
using StreamAe.Ingest.Windowing;
using StreamAe.Model.Data;
using StreamAe.Model.Jobs;

namespace StreamAe.Tools.Data;

/// <summary>
/// CSV series files for <c>train</c>, <c>evaluate</c> and <c>score</c>, cut into windows by Ingest's windower (the
/// daemon's own windowing). Columns follow <see cref="CsvFileOptions"/>: by default the separator is detected, time =
/// timestamp|ts|time|datetime|date (else the first column), label = the first of anomaly|label|is_anomaly (1/true =
/// anomalous), channels = the other numeric columns except label-like ones (changepoint). Windows get the UCR
/// convention's labels: 1 normal, 2 anomalous (any anomalous row makes the window anomalous).
/// </summary>
public static class CsvSeriesData
{
    public const string Format = "csv";
    private const double Normal = 1;
    private const double Anomalous = 2;

    /// <summary>Registers the reader with default column choices (what <c>--format csv</c> reads without CSV options).</summary>
    public static void Register() => DataFormats.Register(Format, Reader(new CsvFileOptions()));

    /// <summary>A reader for the jobs with the given column choices and separator.</summary>
    public static WindowSetReader Reader(CsvFileOptions csv) => (path, shape) => Read(path, shape, csv);

    public static IEnumerable<Window> Windows(string path, WindowShape shape, CsvFileOptions csv)
    {
        if (shape.WindowLength < 1)
        {
            throw new ArgumentException("csv: the window length is unknown; pass --window W (and --hop H) to cut the series into windows.");
        }
        RequireFile(path);
        var windowing = new WindowerOptions { WindowLength = shape.WindowLength, Hop = shape.Hop > 0 ? shape.Hop : shape.WindowLength };
        return new CsvWindowReader(csv, windowing).ReadWindows(path);
    }

    private static WindowSet Read(string path, WindowShape shape, CsvFileOptions csv)
    {
        var values = new List<float>();
        var labels = new List<double>();
        var channels = 1;
        foreach (var window in Windows(path, shape, csv))
        {
            values.AddRange(window.Values);
            labels.Add(window.Label == true ? Anomalous : Normal);
            channels = window.Channels;
        }
        if (labels.Count == 0)
        {
            throw new ArgumentException($"data: '{path}' holds fewer than {shape.WindowLength} usable rows, so not one window.");
        }
        using var file = File.OpenRead(path);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(file));
        return new WindowSet([.. values], [.. labels], shape.WindowLength, channels, sha256);
    }

    private static void RequireFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"data: CSV file '{path}' does not exist.", path);
        }
    }
}
