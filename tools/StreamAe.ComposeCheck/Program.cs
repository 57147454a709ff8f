using StreamAe.ComposeCheck;

// Reads a running compose stack's InfluxDB independently of StreamAe's own code: exit 0 when every check passes.
CheckOptions options;
try
{
    options = CheckOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"streamae-compose-check: {e.Message}");
    return 2;
}

var failures = 0;
async Task Check(string what, Func<Task<string>> check)
{
    try
    {
        Console.WriteLine($"ok    {await check()}");
    }
    catch (Exception e) when (e is not OperationCanceledException)
    {
        failures++;
        Console.WriteLine($"FAIL  {what}: {e.Message}");
    }
}

using (var flux = new FluxChecks(options))
{
    await Check("server", flux.ServerAsync);
    await Check("probe round trip", () => flux.ProbeRoundTripAsync(CancellationToken.None));
    await Check("daemon writes", () => flux.DaemonWritesAsync(CancellationToken.None));
}
using (var influxQl = new InfluxQlQueries(options.Url, options.Database, options.Token))
{
    foreach (var (where, query) in DashboardQueries.Load(options.DashboardDirectory, options.Since))
    {
        await Check(where, async () => $"{where}: {await influxQl.RowsAsync(query, CancellationToken.None)} rows");
    }
}
Console.WriteLine(failures == 0 ? "all checks passed" : $"{failures} check(s) failed");
return failures == 0 ? 0 : 1;
