using TorchSharp;
using static TorchSharp.torch;

namespace StreamAe.Model.Architectures;

/// <summary>Builds the fully connected halves shared by the dense, denoising, sparse and variational models.</summary>
internal static class DenseStack
{
    /// <summary>Linear layers through <paramref name="sizes"/>, each followed by the activation except, optionally, the last.</summary>
    public static nn.Module<Tensor, Tensor> Build(IReadOnlyList<int> sizes, string activation, bool activateLast)
    {
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        for (var i = 0; i + 1 < sizes.Count; i++)
        {
            layers.Add(($"linear{i}", nn.Linear(sizes[i], sizes[i + 1])));
            if (activateLast || i + 2 < sizes.Count)
            {
                layers.Add(($"act{i}", Activation.Create(activation)));
            }
        }
        return nn.Sequential(layers);
    }

    /// <summary>Encoder sizes input → hidden… → code, e.g. 140-32-16-8.</summary>
    public static int[] EncoderSizes(int inputSize, IReadOnlyList<int> hidden, int code) => [inputSize, .. hidden, code];

    /// <summary>The mirror image: code → hidden reversed → input.</summary>
    public static int[] DecoderSizes(int inputSize, IReadOnlyList<int> hidden, int code) => [code, .. hidden.Reverse(), inputSize];
}
