namespace StreamAe.Tools.Demo;

/// <summary>What <c>streamae demo</c> was asked for.</summary>
public sealed record DemoSettings(
    string? ModelPath,
    string? InfluxUrl,
    string InfluxDatabase,
    string OutputPath,
    int Beats,
    int Series,
    double Rate,
    int Partitions,
    TimeSpan Timeout,
    bool Live);
