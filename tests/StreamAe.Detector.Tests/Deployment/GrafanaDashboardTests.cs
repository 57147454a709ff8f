using System.Text.Json;
using StreamAe.TestSupport.Telemetry;

namespace StreamAe.Detector.Tests.Deployment;

public sealed class GrafanaDashboardTests
{
    private const string Detection = "StreamAe – Detection";
    private const string Operations = "StreamAe – Operations";

    [Fact]
    public void Provisioned_dashboards_are_detection_and_operations_with_distinct_uids()
    {
        var dashboards = GrafanaDashboard.LoadAll();

        Assert.Equal(new[] { Detection, Operations }, dashboards.Select(dashboard => dashboard.Title).Order(StringComparer.Ordinal));
        Assert.Equal(dashboards.Count, dashboards.Select(dashboard => dashboard.Root.GetProperty("uid").GetString()).Distinct().Count());
    }

    [Fact]
    public void Every_query_uses_a_provisioned_data_source_of_its_type()
    {
        var provisioned = YamlTree.Load("docker/grafana/provisioning/datasources/streamae.yaml")["datasources"].Items
            .ToDictionary(source => source["uid"].Text, source => source["type"].Text);
        var queries = GrafanaDashboard.LoadAll().SelectMany(dashboard => dashboard.Queries()).ToList();

        Assert.NotEmpty(queries);
        Assert.All(queries, query => Assert.True(
            provisioned.TryGetValue(query.DatasourceUid, out var type) && type == query.DatasourceType,
            $"{query.Where}: data source {query.DatasourceType}/{query.DatasourceUid} is not provisioned"));
    }

    [Fact]
    public void Every_influx_query_reads_measurements_tags_and_fields_of_the_schema()
    {
        var queries = GrafanaDashboard.LoadAll().SelectMany(dashboard => dashboard.Queries())
            .Where(query => query.DatasourceType == "influxdb")
            .ToList();

        Assert.NotEmpty(queries);
        Assert.Empty(queries.SelectMany(query => InfluxQlReferences.Problems(query.Text).Select(problem => $"{query.Where}: {problem}")));
    }

    [Fact]
    public void Every_prometheus_query_reads_contract_metrics_and_labels()
    {
        var contract = MetricsContract.Load();
        var used = new HashSet<string>(StringComparer.Ordinal);
        var queries = GrafanaDashboard.LoadAll().SelectMany(dashboard => dashboard.Queries())
            .Where(query => query.DatasourceType == "prometheus")
            .ToList();

        var problems = queries.SelectMany(query => PromQlReferences.Problems(query.Text, contract, used).Select(problem => $"{query.Where}: {problem}"));

        Assert.Empty(problems);
        Assert.NotEmpty(used);
    }

    [Fact]
    public void Detection_dashboard_filters_by_model_and_series()
    {
        var dashboard = GrafanaDashboard.Titled(Detection);
        var variables = dashboard.Variables().ToDictionary(variable => variable.GetProperty("name").GetString()!);

        Assert.Contains("model", variables.Keys);
        Assert.Contains("series", variables.Keys);
        Assert.Contains("WITH KEY = \"series\" WHERE \"model\" =~ /^$model$/", variables["series"].GetProperty("query").GetString());
        var influxPanelQueries = dashboard.Queries().Where(query => query.Where.Contains("panel", StringComparison.Ordinal) && query.DatasourceType == "influxdb");
        Assert.All(influxPanelQueries, query => Assert.Contains("\"model\" =~ /^$model$/", query.Text));
    }

    [Fact]
    public void Detection_dashboard_plots_score_against_threshold_per_series_with_anomaly_points()
    {
        var panel = Assert.Single(GrafanaDashboard.Titled(Detection).Panels(), panel => panel.TryGetProperty("repeat", out _));
        var queries = panel.GetProperty("targets").EnumerateArray().Select(target => target.GetProperty("query").GetString()!).ToList();
        var overrides = panel.GetProperty("fieldConfig").GetProperty("overrides").EnumerateArray().ToList();

        Assert.Equal("series", panel.GetProperty("repeat").GetString());
        Assert.Contains(queries, query => query.Contains("mean(\"score\")", StringComparison.Ordinal) && query.Contains("mean(\"threshold\")", StringComparison.Ordinal));
        Assert.Contains(queries, query => query.Contains("\"anomaly\" = true", StringComparison.Ordinal));
        Assert.Contains(overrides, @override => @override.GetProperty("properties").EnumerateArray()
            .Any(property => property.GetProperty("id").GetString() == "custom.drawStyle" && property.GetProperty("value").GetString() == "points"));
    }

    [Fact]
    public void Detection_dashboard_annotates_alerts_and_ranks_the_most_anomalous_series()
    {
        var dashboard = GrafanaDashboard.Titled(Detection);
        var annotations = dashboard.Annotations().Select(annotation => annotation.GetProperty("query").GetString()!).ToList();
        var table = Assert.Single(dashboard.Panels(), panel => panel.GetProperty("title").GetString() == "Top anomalous series");

        Assert.Contains(annotations, query => query.Contains("FROM \"streamae_alert\"", StringComparison.Ordinal) && query.Contains("\"state\" = 'open'", StringComparison.Ordinal));
        Assert.Equal("table", table.GetProperty("type").GetString());
        Assert.Contains("GROUP BY \"series\"", table.GetProperty("targets")[0].GetProperty("query").GetString());
        Assert.Contains(table.GetProperty("transformations").EnumerateArray(), transformation => transformation.GetProperty("id").GetString() == "sortBy");
    }

    [Fact]
    public void Detection_dashboard_shows_residuals_and_says_they_need_residual_output()
    {
        var panel = Assert.Single(GrafanaDashboard.Titled(Detection).Panels(),
            panel => panel.TryGetProperty("targets", out var targets)
                && targets.EnumerateArray().Any(target => target.GetProperty("query").GetString()!.Contains("FROM \"streamae_residual\"", StringComparison.Ordinal)));

        Assert.Contains("residual output", panel.GetProperty("description").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("residual output", panel.GetProperty("title").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Grafana_loads_the_dashboards_from_where_compose_mounts_them()
    {
        var compose = ComposeFile.Stack();
        var mount = compose.Service("grafana")["volumes"].Items.Select(volume => volume.Text.Split(':'))
            .Single(parts => parts[0] == "./grafana/dashboards");
        var provider = YamlTree.Load("docker/grafana/provisioning/dashboards/streamae.yaml")["providers"].Items.Single();
        var home = compose.Environment("grafana")["GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"];

        Assert.Equal(mount[1], provider["options"]["path"].Text);
        Assert.StartsWith(mount[1] + "/", home);
        Assert.True(File.Exists(RepositoryFiles.PathOf($"{GrafanaDashboard.Directory}/{Path.GetFileName(home)}")), $"{home} is not a provisioned dashboard");
    }

    [Fact]
    public void Influx_data_source_reads_the_bucket_with_the_token_compose_passes()
    {
        var compose = ComposeFile.Stack();
        var influx = YamlTree.Load("docker/grafana/provisioning/datasources/streamae.yaml")["datasources"].Items
            .Single(source => source["type"].Text == "influxdb");

        Assert.Equal("http://influxdb:8086", influx["url"].Text);
        Assert.Equal(compose.Environment("influxdb")["DOCKER_INFLUXDB_INIT_BUCKET"], influx["jsonData"]["dbName"].Text);
        Assert.Equal("Authorization", influx["jsonData"]["httpHeaderName1"].Text);
        Assert.Equal("Token ${INFLUX_TOKEN}", influx["secureJsonData"]["httpHeaderValue1"].Text);
        Assert.True(compose.Environment("grafana").ContainsKey("INFLUX_TOKEN"));
    }

    [Fact]
    public void Dashboard_files_are_plain_json_grafana_can_import()
    {
        Assert.All(GrafanaDashboard.LoadAll(), dashboard =>
        {
            Assert.Equal(JsonValueKind.Number, dashboard.Root.GetProperty("schemaVersion").ValueKind);
            Assert.False(dashboard.Root.TryGetProperty("__inputs", out _), $"{dashboard.File} is an export with __inputs; provisioning needs fixed data source uids");
            var ids = dashboard.Panels().Select(panel => panel.GetProperty("id").GetInt32()).ToList();
            Assert.Equal(ids.Count, ids.Distinct().Count());
        });
    }
}
