namespace StreamAe.Detector.Demo;

/// <summary>What <c>streamae demo</c> was asked for.</summary>
internal sealed record DemoSettings(
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
