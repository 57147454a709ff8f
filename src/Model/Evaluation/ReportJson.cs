using System.Text.Json;

namespace StreamAe.Model.Evaluation;

/// <summary>
/// Writes <c>report.json</c>: accuracy, precision, recall, f1, roc_auc, pr_auc, threshold, n_normal, n_anomalous, the
/// confusion counts (true_positives, false_positives, true_negatives, false_negatives), then any extras. Numbers are written
/// invariantly by System.Text.Json; an undefined metric (NaN, e.g. ROC-AUC with one class) is written as null.
/// </summary>
public static class ReportJson
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true };

    /// <returns>the JSON text written</returns>
    public static string Write(string path, BinaryReport report, IReadOnlyDictionary<string, object>? extra = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var json = Serialize(report, extra);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
        File.WriteAllText(path, json);
        return json;
    }

    public static string Serialize(BinaryReport report, IReadOnlyDictionary<string, object>? extra = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            WriteNumber(writer, "accuracy", report.Accuracy);
            WriteNumber(writer, "precision", report.Precision);
            WriteNumber(writer, "recall", report.Recall);
            WriteNumber(writer, "f1", report.F1);
            WriteNumber(writer, "roc_auc", report.RocAuc);
            WriteNumber(writer, "pr_auc", report.PrAuc);
            WriteNumber(writer, "threshold", report.Threshold);
            writer.WriteNumber("n_normal", report.NNormal);
            writer.WriteNumber("n_anomalous", report.NAnomalous);
            writer.WriteNumber("true_positives", report.TruePositives);
            writer.WriteNumber("false_positives", report.FalsePositives);
            writer.WriteNumber("true_negatives", report.TrueNegatives);
            writer.WriteNumber("false_negatives", report.FalseNegatives);
            if (extra is not null)
            {
                foreach (var (key, value) in extra)
                {
                    writer.WritePropertyName(key);
                    WriteValue(writer, value);
                }
            }
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteNumber(Utf8JsonWriter writer, string name, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumber(name, value);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case double number when !double.IsFinite(number):
            case float single when !float.IsFinite(single):
            case null:
                writer.WriteNullValue();
                break;
            default:
                JsonSerializer.Serialize(writer, value, value.GetType());
                break;
        }
    }
}
