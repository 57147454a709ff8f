using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace StreamAe.Tools.Evaluation;

/// <summary>
/// Writes <c>report.json</c>: accuracy, precision, recall, f1, roc_auc, pr_auc, threshold, n_normal, n_anomalous, the
/// confusion counts (true_positives, false_positives, true_negatives, false_negatives), then any extras. Numbers are written
/// invariantly by System.Text.Json's writer; an undefined metric (NaN, e.g. ROC-AUC with one class) is written as null.
/// </summary>
public static class ReportJson
{
    /// <summary>Only what JSON requires is escaped: the file is read by people and programs, never embedded in HTML, so
    /// "+" and "σ" (threshold details such as "meansd:1 → μ+1σ") stay as they are instead of \u002B.</summary>
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

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

    /// <summary>A number property, or null when the value is undefined (NaN, infinity).</summary>
    public static void WriteNumber(Utf8JsonWriter writer, string name, double value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WritePropertyName(name);
        WriteNumberValue(writer, value);
    }

    /// <summary>Writes extras without reflection (so trimmed or AOT builds work): numbers, strings, booleans, times,
    /// nested dictionaries (keys as invariant strings) and sequences; anything else as its invariant string.</summary>
    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case double number:
                WriteNumberValue(writer, number);
                break;
            case float single:
                WriteNumberValue(writer, single);
                break;
            case int or long or short or byte or sbyte or ushort or uint:
                writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case ulong unsigned:
                writer.WriteNumberValue(unsigned);
                break;
            case decimal exact:
                writer.WriteNumberValue(exact);
                break;
            case DateTimeOffset moment:
                writer.WriteStringValue(moment);
                break;
            case DateTime time:
                writer.WriteStringValue(time);
                break;
            case TimeSpan span:
                writer.WriteStringValue(span.ToString("c", CultureInfo.InvariantCulture));
                break;
            case System.Collections.IDictionary dictionary:
                writer.WriteStartObject();
                foreach (System.Collections.DictionaryEntry entry in dictionary)
                {
                    writer.WritePropertyName(Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? "");
                    WriteValue(writer, entry.Value);
                }
                writer.WriteEndObject();
                break;
            case System.Collections.IEnumerable sequence:
                writer.WriteStartArray();
                foreach (var item in sequence)
                {
                    WriteValue(writer, item);
                }
                writer.WriteEndArray();
                break;
            case IFormattable formattable:
                writer.WriteStringValue(formattable.ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                writer.WriteStringValue(value.ToString());
                break;
        }
    }

    private static void WriteNumberValue(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
