using System.Text.Json;
using System.Text.RegularExpressions;
using StreamAe.Ingest.Parsing.DeadLetter;

namespace StreamAe.Detector.Tests.Deployment;

public sealed class ComposeFileTests
{
    private static readonly string[] StreamAeServices = ["model-init", "streamae", "producer"];

    private readonly ComposeFile _compose = ComposeFile.Stack();

    [Fact]
    public void Stack_has_every_service()
    {
        string[] expected = ["kafka", "kafka-topics", "influxdb", "model-init", "streamae", "producer", "prometheus", "grafana"];

        Assert.Equal(expected.Order(), _compose.ServiceNames.Order());
    }

    [Fact]
    public void Every_service_that_keeps_running_has_a_health_check()
    {
        var withoutHealthCheck = _compose.ServiceNames
            .Where(service => !_compose.IsOneShot(service) && !_compose.HasHealthCheck(service))
            .ToList();

        Assert.Empty(withoutHealthCheck);
    }

    [Fact]
    public void Every_dependency_waits_for_a_condition_its_target_can_meet()
    {
        var problems = new List<string>();
        foreach (var service in _compose.ServiceNames)
        {
            foreach (var (target, condition) in _compose.Dependencies(service))
            {
                var met = condition switch
                {
                    "service_healthy" => _compose.HasHealthCheck(target),
                    "service_completed_successfully" => _compose.IsOneShot(target),
                    _ => false,
                };
                if (!_compose.ServiceNames.Contains(target) || !met)
                {
                    problems.Add($"{service} → {target}: '{condition}'");
                }
            }
        }

        Assert.Empty(problems);
    }

    [Theory]
    [InlineData("kafka-topics", "kafka", "service_healthy")]
    [InlineData("streamae", "kafka-topics", "service_completed_successfully")]
    [InlineData("streamae", "influxdb", "service_healthy")]
    [InlineData("streamae", "model-init", "service_completed_successfully")]
    [InlineData("producer", "kafka-topics", "service_completed_successfully")]
    [InlineData("producer", "streamae", "service_healthy")]
    [InlineData("grafana", "influxdb", "service_healthy")]
    [InlineData("grafana", "prometheus", "service_healthy")]
    public void Services_start_in_order(string service, string dependency, string condition)
    {
        Assert.Equal(condition, _compose.Dependencies(service).GetValueOrDefault(dependency));
    }

    [Fact]
    public void Topic_service_creates_the_input_alert_and_default_dead_letter_topics()
    {
        var topics = CreatedTopics();
        var deadLetters = new DeadLetterOptions().Topic;

        Assert.Equal(6, topics["ecg"]);
        Assert.True(topics.ContainsKey("streamae-alerts"), "streamae-alerts is not created");
        Assert.True(topics.ContainsKey(deadLetters), $"{deadLetters}, the default DeadLetter:Topic, is not created");
    }

    [Fact]
    public void The_stack_and_the_example_settings_name_the_default_dead_letter_topic_so_settings_without_the_key_agree()
    {
        var deadLetters = new DeadLetterOptions().Topic;
        var example = JsonDocument.Parse(RepositoryFiles.Read("deploy/appsettings.json")).RootElement;

        Assert.Equal(deadLetters, StreamAeSettings().Single(setting => setting.Key == "STREAMAE_DeadLetter__Topic").Value);
        Assert.Equal(deadLetters, example.GetProperty("DeadLetter").GetProperty("Topic").GetString());
    }

    [Fact]
    public void Every_topic_streamae_is_configured_with_is_created()
    {
        var configuredTopics = StreamAeSettings()
            .Where(setting => Regex.IsMatch(setting.Key, @"__(Topic|Topics__\d+)$"))
            .ToList();

        Assert.NotEmpty(configuredTopics);
        Assert.All(configuredTopics, setting => Assert.True(CreatedTopics().ContainsKey(setting.Value),
            $"{setting.Key}={setting.Value} names a topic kafka-topics does not create"));
    }

    [Fact]
    public void Kafka_is_one_kraft_node_with_listeners_for_the_network_and_the_host()
    {
        var kafka = _compose.Environment("kafka");
        var listeners = ListenerNames(kafka["KAFKA_LISTENERS"]);
        var advertised = ListenerNames(kafka["KAFKA_ADVERTISED_LISTENERS"]);
        var protocols = kafka["KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"].Split(',').Select(pair => pair.Split(':')[0]).ToHashSet();

        Assert.Equal(new[] { "broker", "controller" }, kafka["KAFKA_PROCESS_ROLES"].Split(',').Order());
        Assert.Contains(kafka["KAFKA_CONTROLLER_LISTENER_NAMES"], listeners);
        Assert.DoesNotContain(kafka["KAFKA_CONTROLLER_LISTENER_NAMES"], advertised);
        Assert.Contains(kafka["KAFKA_INTER_BROKER_LISTENER_NAME"], advertised);
        Assert.All(listeners, name => Assert.Contains(name, protocols));
        Assert.All(advertised, name => Assert.Contains(name, listeners));
        Assert.Equal($"{kafka["KAFKA_NODE_ID"]}@kafka:9093", kafka["KAFKA_CONTROLLER_QUORUM_VOTERS"]);
        Assert.Equal("1", kafka["KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"]);
        Assert.Contains("INTERNAL://kafka:9092", kafka["KAFKA_ADVERTISED_LISTENERS"]);
        Assert.Contains("HOST://localhost:29092", kafka["KAFKA_ADVERTISED_LISTENERS"]);
        Assert.Contains("29092:29092", _compose.Service("kafka")["ports"].Items.Select(port => port.Text));
    }

    [Fact]
    public void StreamAe_and_the_producer_use_the_in_network_listener()
    {
        var bootstraps = StreamAeSettings().Where(setting => setting.Key.EndsWith("__BootstrapServers", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(bootstraps);
        Assert.All(bootstraps, bootstrap => Assert.Equal("kafka:9092", bootstrap.Value));
        Assert.Contains("--bootstrap kafka:9092", _compose.Service("producer")["command"].Joined);
    }

    [Fact]
    public void InfluxDB_is_set_up_with_the_org_bucket_and_token_streamae_and_grafana_use()
    {
        var influx = _compose.Environment("influxdb");
        var streamaeToken = StreamAeSettings().Single(setting => setting.Key.Contains("Influx", StringComparison.Ordinal)
            && setting.Key.EndsWith("__Token", StringComparison.Ordinal));

        Assert.Equal("setup", influx["DOCKER_INFLUXDB_INIT_MODE"]);
        Assert.Equal("streamae", influx["DOCKER_INFLUXDB_INIT_ORG"]);
        Assert.Equal("streamae", influx["DOCKER_INFLUXDB_INIT_BUCKET"]);
        Assert.Matches(@"^\$\{INFLUX_TOKEN:-[^}]+\}$", influx["DOCKER_INFLUXDB_INIT_ADMIN_TOKEN"]);
        Assert.Equal(influx["DOCKER_INFLUXDB_INIT_ADMIN_TOKEN"], streamaeToken.Value);
        Assert.Equal(influx["DOCKER_INFLUXDB_INIT_ADMIN_TOKEN"], _compose.Environment("grafana")["INFLUX_TOKEN"]);
        Assert.Contains(StreamAeSettings(), setting => setting.Value == "http://influxdb:8086");
    }

    [Fact]
    public void StreamAe_scores_with_the_model_the_init_service_trains()
    {
        var train = _compose.Service("model-init")["command"].Joined;
        var modelPath = Regex.Match(train, @"--out\s+(\S+)").Groups[1].Value;

        Assert.StartsWith("/var/lib/streamae/models/", modelPath);
        Assert.Contains($"test -f {modelPath}", train);
        Assert.Contains(StreamAeSettings(), setting => setting.Value == modelPath);
    }

    [Fact]
    public void Producer_replays_the_shipped_ecg_data_at_wall_clock_pace_in_a_loop()
    {
        Assert.Equal(
            "produce --bootstrap kafka:9092 --topic ecg --data /data/ecg5000.tsv --format ucr --wall-clock --repeat 0",
            _compose.Service("producer")["command"].Joined);
        Assert.Equal("unless-stopped", _compose.Service("producer")["restart"].Text);
    }

    [Fact]
    public void Every_image_pulled_is_pinned_to_a_full_version()
    {
        var pulled = _compose.ServiceNames.Select(name => _compose.Service(name))
            .Where(service => service.Has("image") && !service.Has("build"))
            .Select(service => service["image"].Text).ToList();

        Assert.NotEmpty(pulled);
        Assert.All(pulled, image => Assert.Matches(@":v?\d+\.\d+\.\d+$", image));
    }

    [Fact]
    public void StreamAe_serves_readiness_and_metrics_on_the_port_prometheus_scrapes()
    {
        var scrape = YamlTree.Load("docker/prometheus/prometheus.yml")["scrape_configs"].Items
            .Single(job => job["job_name"].Text == "streamae");
        var discovery = scrape["dns_sd_configs"].Items.Single();

        Assert.Equal("/metrics", scrape["metrics_path"].Text);
        Assert.Equal(new[] { "streamae" }, discovery["names"].Items.Select(name => name.Text));
        Assert.Equal("9400", discovery["port"].Text);
        Assert.Contains("9400", _compose.Service("streamae")["expose"].Items.Select(port => port.Text));
        Assert.EndsWith(":9400", _compose.Environment("streamae")["STREAMAE_Http__Urls"]);
        Assert.Equal("CMD /app/streamae health --url http://127.0.0.1:9400", _compose.Service("streamae")["healthcheck"]["test"].Joined);
    }

    [Fact]
    public void StreamAe_services_build_the_image_from_the_repository_root()
    {
        Assert.All(StreamAeServices, service => AssertBuildsFromRoot(_compose.Service(service), "docker/Dockerfile"));
        Assert.Equal(new[] { "run" }, _compose.Service("streamae")["command"].Items.Select(item => item.Text));
    }

    [Fact]
    public void Gpu_override_builds_the_cuda_image_and_reserves_a_gpu_for_the_daemon()
    {
        var gpu = ComposeFile.GpuOverride();
        var devices = gpu.Service("streamae")["deploy"]["resources"]["reservations"]["devices"].Items.Single();

        Assert.Equal("nvidia", devices["driver"].Text);
        Assert.Equal(new[] { "gpu" }, devices["capabilities"].Items.Select(capability => capability.Text));
        Assert.All(gpu.ServiceNames, service => Assert.Contains(service, StreamAeServices));
        Assert.All(StreamAeServices, service => AssertBuildsFromRoot(gpu.Service(service), "docker/Dockerfile.cuda"));
    }

    [Fact]
    public void Every_file_the_stack_mounts_from_the_repository_exists()
    {
        var mounts = _compose.ServiceNames
            .Where(service => _compose.Service(service).Has("volumes"))
            .SelectMany(service => _compose.Service(service)["volumes"].Items.Select(volume => volume.Text))
            .Where(volume => volume.StartsWith("./", StringComparison.Ordinal))
            .Select(volume => volume.Split(':')[0])
            .ToList();

        Assert.NotEmpty(mounts);
        Assert.All(mounts, source => Assert.True(Path.Exists(RepositoryFiles.PathOf("docker/" + source[2..])), $"{source} is missing"));
    }

    private static void AssertBuildsFromRoot(YamlTree service, string dockerfile)
    {
        Assert.Equal("..", service["build"]["context"].Text);
        Assert.Equal(dockerfile, service["build"]["dockerfile"].Text);
        Assert.True(File.Exists(RepositoryFiles.PathOf(dockerfile)), $"{dockerfile} is missing");
    }

    private Dictionary<string, int?> CreatedTopics()
    {
        var script = _compose.Service("kafka-topics")["command"].Joined;
        return Regex.Matches(script, @"--topic\s+(\S+)(?:\s+--partitions\s+(\d+))?")
            .ToDictionary(
                match => match.Groups[1].Value,
                match => match.Groups[2].Success ? int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) : (int?)null);
    }

    private IEnumerable<KeyValuePair<string, string>> StreamAeSettings() =>
        _compose.Environment("streamae").Where(setting => setting.Key.StartsWith("STREAMAE_", StringComparison.Ordinal));

    private static List<string> ListenerNames(string listeners) =>
        listeners.Split(',').Select(listener => listener.Split("://")[0]).ToList();
}
