using StreamAe.TestSupport.Telemetry;

namespace StreamAe.Detector.Tests.Deployment;

/// <summary>The dashboard query checkers themselves: they must catch what they are there to catch.</summary>
public sealed class QueryCheckerTests
{
    [Theory]
    [InlineData("SELECT mean(\"score\") AS \"score\" FROM \"streamae_score\" WHERE \"series\" =~ /^$series$/ AND $timeFilter GROUP BY time($__interval), \"model\" fill(none)")]
    [InlineData("SELECT count(\"score\") FROM \"streamae_score\" WHERE \"anomaly\" = true AND \"model\" =~ /^$model$/ AND $timeFilter")]
    [InlineData("SELECT \"peak_score\", \"series\" FROM \"streamae_alert\" WHERE \"state\" = 'open' AND $timeFilter")]
    [InlineData("SHOW TAG VALUES FROM \"streamae_score\" WITH KEY = \"series\" WHERE \"model\" =~ /^$model$/")]
    public void Influx_checker_accepts_queries_of_the_schema(string query)
    {
        Assert.Empty(InfluxQlReferences.Problems(query));
    }

    [Theory]
    [InlineData("SELECT mean(\"scores\") FROM \"streamae_score\" WHERE $timeFilter", "'scores'")]
    [InlineData("SELECT mean(\"score\") FROM \"streamae_scores\" WHERE $timeFilter", "unknown measurement")]
    [InlineData("SELECT mean(\"series\") FROM \"streamae_score\" WHERE $timeFilter", "must be a field")]
    [InlineData("SELECT mean(\"score\") FROM \"streamae_score\" WHERE $timeFilter GROUP BY \"threshold\"", "must be a tag")]
    [InlineData("SELECT mean(\"score\") FROM \"streamae_score\" WHERE \"anomaly\" = 'yes'", "must be a tag")]
    [InlineData("SELECT mean(\"score\") FROM \"streamae_score\" WHERE \"model\" = true", "must be a field")]
    [InlineData("SHOW TAG VALUES FROM \"streamae_alert\" WITH KEY = \"windows\"", "must be a tag")]
    [InlineData("SELECT mean(score) FROM \"streamae_score\" WHERE $timeFilter", "unquoted identifier")]
    [InlineData("SELECT mean(\"score\") FROM streamae_score WHERE $timeFilter", "expected one FROM")]
    [InlineData("SELECT mean(\"value\") FROM \"streamae_score\" WHERE $timeFilter", "'value'")]
    public void Influx_checker_rejects_what_the_schema_does_not_have(string query, string expectedProblem)
    {
        Assert.Contains(InfluxQlReferences.Problems(query), problem => problem.Contains(expectedProblem, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("sum(rate(streamae_ingest_messages_total{instance=~\"$instance\"}[5m]))")]
    [InlineData("sum by (reason) (rate(streamae_ingest_dead_letters_total[5m]))")]
    [InlineData("histogram_quantile(0.99, sum by (le) (rate(streamae_detector_scoring_seconds_bucket[5m])))")]
    [InlineData("sum by (instance) (streamae_ingest_consumer_lag_messages)")]
    public void Prometheus_checker_accepts_contract_metrics_and_labels(string expression)
    {
        Assert.Empty(PromQlReferences.Problems(expression, MetricsContract.Load(), new HashSet<string>()));
    }

    [Theory]
    [InlineData("sum(rate(streamae_ingest_message_total[5m]))", "not in the metrics contract")]
    [InlineData("sum(rate(streamae_detector_scoring_seconds[5m]))", "not in the metrics contract")]
    [InlineData("sum(rate(streamae_ingest_messages_total_bucket[5m]))", "not in the metrics contract")]
    [InlineData("sum by (reason) (rate(streamae_sink_retries_total[5m]))", "label 'reason'")]
    [InlineData("sum by (le) (rate(streamae_ingest_messages_total[5m]))", "label 'le'")]
    [InlineData("sum by (partition) (streamae_ingest_consumer_lag_messages)", "label 'partition'")]
    [InlineData("up{job=\"streamae\"}", "reads no StreamAe metric")]
    public void Prometheus_checker_rejects_names_and_labels_outside_the_contract(string expression, string expectedProblem)
    {
        Assert.Contains(PromQlReferences.Problems(expression, MetricsContract.Load(), new HashSet<string>()),
            problem => problem.Contains(expectedProblem, StringComparison.Ordinal));
    }
}
