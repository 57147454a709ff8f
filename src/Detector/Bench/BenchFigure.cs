namespace StreamAe.Detector.Bench;

/// <summary>One measured figure, as printed and as written to the JSON report.</summary>
internal sealed record BenchFigure(string Suite, string Name, double Value, string Unit);
