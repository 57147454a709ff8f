using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace StreamAe.Model.Architectures;

/// <summary>
/// Redraws a module's parameters from a training's own generator with each layer type's default scheme (PyTorch's
/// reset_parameters): TorchSharp builds layers from libtorch's process-wide generator, which every concurrent draw in
/// the process advances, so the weights a seed gives would depend on what else runs.
/// </summary>
public static class ParameterInitialisation
{
    public static void Reset(nn.Module module, Generator random)
    {
        using var noGrad = no_grad();
        foreach (var layer in module.modules())
        {
            var parameters = layer.named_parameters(recurse: false).ToList();
            if (parameters.Count == 0)
            {
                continue;
            }
            var bound = layer switch
            {
                // kaiming_uniform_(a = √5) for the weight and the bias's uniform draw both reduce to ±1/√fan_in.
                Linear or Convolution => 1 / Math.Sqrt(FanIn(parameters.Single(p => p.name == "weight").parameter)),
                // Every weight and bias of a recurrent layer: ±1/√hidden; weight_hh is (4·hidden) × hidden.
                LSTM => 1 / Math.Sqrt(parameters.First(p => p.name.StartsWith("weight_hh", StringComparison.Ordinal)).parameter.shape[1]),
                _ => throw new NotSupportedException(
                    $"{layer.GetType().Name} has parameters but no seeded initialisation; add its default scheme here."),
            };
            foreach (var (_, parameter) in parameters)
            {
                Fill(parameter, bound, random);
            }
        }
    }

    /// <summary>Input units per output unit: weight dimension 1 times the kernel (Linear out × in, Conv out × in × k,
    /// ConvTranspose in × out × k: PyTorch's _calculate_fan_in_and_fan_out).</summary>
    private static long FanIn(Tensor weight) => weight.shape.Skip(1).Aggregate(1L, (product, size) => product * size);

    private static void Fill(Tensor parameter, double bound, Generator random)
    {
        using var scope = NewDisposeScope();
        // Drawn on the CPU: TorchSharp's generators are CPU generators, so a parameter on another device gets a copy.
        var drawn = empty(parameter.shape, parameter.dtype).uniform_(-bound, bound, random);
        parameter.copy_(drawn);
    }
}
