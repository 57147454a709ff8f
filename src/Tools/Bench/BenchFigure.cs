namespace StreamAe.Tools.Bench;

/// <summary>One measured figure, as printed and as written to the JSON report.</summary>
public sealed record BenchFigure(string Suite, string Name, double Value, string Unit);
