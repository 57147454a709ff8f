using TorchSharp;
using static TorchSharp.torch;

namespace StreamAe.Model.Architectures;

/// <summary>A fully connected autoencoder, e.g. 140-32-16-8-16-32-140, activation after every layer but the output.</summary>
public class DenseAutoencoder : AutoencoderModule
{
    private readonly nn.Module<Tensor, Tensor> encoder;
    private readonly nn.Module<Tensor, Tensor> decoder;

    public DenseAutoencoder(ArchitectureSpec spec)
        : this("dense", spec)
    {
    }

    protected DenseAutoencoder(string name, ArchitectureSpec spec)
        : base(name, spec.WindowLength, spec.Channels)
    {
        var input = spec.WindowLength * spec.Channels;
        encoder = DenseStack.Build(DenseStack.EncoderSizes(input, spec.HiddenSizes, spec.CodeSize), spec.Activation, activateLast: true);
        decoder = DenseStack.Build(DenseStack.DecoderSizes(input, spec.HiddenSizes, spec.CodeSize), spec.Activation, activateLast: false);
        RegisterComponents();
    }

    public Tensor Encode(Tensor x) => encoder.forward(x);

    public Tensor Decode(Tensor code) => decoder.forward(code);

    public override Tensor forward(Tensor x) => decoder.forward(encoder.forward(x));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            encoder.Dispose();
            decoder.Dispose();
        }
        base.Dispose(disposing);
    }
}
