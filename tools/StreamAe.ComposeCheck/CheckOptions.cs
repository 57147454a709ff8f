namespace StreamAe.ComposeCheck;

/// <summary>Where the stack's InfluxDB is and what to read; defaults are the compose file's.</summary>
internal sealed record CheckOptions(Uri Url, string Token, string Org, string Bucket, string Database, string DashboardDirectory, string Since)
{
    public static CheckOptions Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["--url"] = "http://localhost:8086",
            ["--token"] = Environment.GetEnvironmentVariable("INFLUX_TOKEN") ?? "streamae-local-dev-token",
            ["--org"] = "streamae",
            ["--bucket"] = "streamae",
            ["--database"] = "streamae",
            ["--dashboards"] = "docker/grafana/dashboards",
            ["--since"] = "15m",
        };
        for (var i = 0; i < args.Count; i += 2)
        {
            if (!values.ContainsKey(args[i]) || i + 1 >= args.Count)
            {
                throw new ArgumentException($"unknown option or missing value: {args[i]} (options: {string.Join(", ", values.Keys)})");
            }
            values[args[i]] = args[i + 1];
        }
        var url = values["--url"];
        return new CheckOptions(new Uri(url.EndsWith('/') ? url : url + "/"), values["--token"], values["--org"], values["--bucket"],
            values["--database"], values["--dashboards"], values["--since"]);
    }
}
