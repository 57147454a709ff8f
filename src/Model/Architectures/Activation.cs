using TorchSharp;
using static TorchSharp.torch;

namespace StreamAe.Model.Architectures;

/// <summary>The hidden-layer nonlinearities a dense network may use.</summary>
public static class Activation
{
    public const string Relu = "relu";
    public const string Selu = "selu";
    public const string Tanh = "tanh";

    public static readonly IReadOnlyList<string> Names = [Relu, Selu, Tanh];

    public static nn.Module<Tensor, Tensor> Create(string name) => name switch
    {
        Relu => nn.ReLU(),
        Selu => nn.SELU(),
        Tanh => nn.Tanh(),
        _ => throw new ArgumentException($"Unknown activation '{name}'; use one of {string.Join(", ", Names)}.", nameof(name)),
    };
}
