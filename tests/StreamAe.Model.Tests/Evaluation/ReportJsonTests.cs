using System.Text.Json;
using StreamAe.Tools.Evaluation;

namespace StreamAe.Model.Tests.Evaluation;

public sealed class ReportJsonTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "streamae-report-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Writes_the_documented_keys_with_the_report_values()
    {
        var report = Metrics.Evaluate([0.2, 0.5, 0.5, 0.9], [false, false, true, true], 0.5);
        var path = Path.Combine(_directory, "nested", "report.json");

        ReportJson.Write(path, report);

        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var root = document.RootElement;
        Assert.Equal(
            ["accuracy", "precision", "recall", "f1", "roc_auc", "pr_auc", "threshold", "n_normal", "n_anomalous",
             "true_positives", "false_positives", "true_negatives", "false_negatives"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(report.Accuracy, root.GetProperty("accuracy").GetDouble());
        Assert.Equal(report.F1, root.GetProperty("f1").GetDouble());
        Assert.Equal(report.RocAuc, root.GetProperty("roc_auc").GetDouble());
        Assert.Equal(report.PrAuc, root.GetProperty("pr_auc").GetDouble());
        Assert.Equal(0.5, root.GetProperty("threshold").GetDouble());
        Assert.Equal(2, root.GetProperty("n_normal").GetInt32());
        Assert.Equal(1, root.GetProperty("true_positives").GetInt32());
    }

    [Fact]
    public void Plus_signs_and_greek_letters_are_written_as_themselves()
    {
        var report = Metrics.Evaluate([0.1, 0.9], [false, true], 0.5);

        var json = ReportJson.Serialize(report, new Dictionary<string, object> { ["threshold_detail"] = "μ+1σ of validation errors" });

        Assert.Contains("\"threshold_detail\": \"μ+1σ of validation errors\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Undefined_metrics_become_null_and_extras_follow()
    {
        var report = Metrics.Evaluate([0.1, 0.2], [false, false], 0.15);
        var extra = new Dictionary<string, object>
        {
            ["model"] = "dense",
            ["threshold_method"] = "pot:0.001",
            ["epochs"] = 20,
            ["validation_loss"] = 1.25e-5,
            ["not_a_number"] = double.NaN,
        };

        var json = ReportJson.Write(Path.Combine(_directory, "report.json"), report, extra);

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal(JsonValueKind.Null, root.GetProperty("roc_auc").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("pr_auc").ValueKind);
        Assert.Equal("dense", root.GetProperty("model").GetString());
        Assert.Equal(20, root.GetProperty("epochs").GetInt32());
        Assert.Equal(1.25e-5, root.GetProperty("validation_loss").GetDouble());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("not_a_number").ValueKind);
        Assert.Contains("\"threshold\": 0.15", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Nested_extras_are_written_without_reflection()
    {
        var report = Metrics.Evaluate([0.1, 0.9], [false, true], 0.5);
        var extra = new Dictionary<string, object>
        {
            ["plots"] = new[] { "roc.png", "pr.png" },
            ["per_class"] = new Dictionary<string, object> { ["normal"] = 1, ["anomalous"] = 0.5f },
            ["counts"] = new Dictionary<int, long> { [2] = 7 },
            ["scores"] = new List<double> { 0.25, double.PositiveInfinity },
            ["plots_written"] = true,
            ["created"] = new DateTimeOffset(2026, 11, 23, 20, 0, 0, TimeSpan.Zero),
            ["guid"] = Guid.Empty,
        };

        using var document = JsonDocument.Parse(ReportJson.Serialize(report, extra));

        var root = document.RootElement;
        Assert.Equal(["roc.png", "pr.png"], root.GetProperty("plots").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(1, root.GetProperty("per_class").GetProperty("normal").GetInt32());
        Assert.Equal(0.5, root.GetProperty("per_class").GetProperty("anomalous").GetDouble());
        Assert.Equal(7, root.GetProperty("counts").GetProperty("2").GetInt64());
        Assert.Equal(0.25, root.GetProperty("scores")[0].GetDouble());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("scores")[1].ValueKind);
        Assert.True(root.GetProperty("plots_written").GetBoolean());
        Assert.Equal("2026-11-23T20:00:00+00:00", root.GetProperty("created").GetString());
        Assert.Equal(Guid.Empty.ToString(), root.GetProperty("guid").GetString());
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
