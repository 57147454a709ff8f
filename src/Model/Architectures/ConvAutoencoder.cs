using TorchSharp;
using static TorchSharp.torch;

namespace StreamAe.Model.Architectures;

/// <summary>
/// A 1-D convolutional autoencoder: two stride-2 convolutions down (W → ⌈W/2⌉ → ⌈W/4⌉), two transposed
/// convolutions up, cropped back to W. Channels are the convolution's input channels.
/// </summary>
public sealed class ConvAutoencoder : AutoencoderModule
{
    private const int Kernel = 7;
    private const int Padding = Kernel / 2;
    private readonly nn.Module<Tensor, Tensor> encoder;
    private readonly nn.Module<Tensor, Tensor> decoder;

    public ConvAutoencoder(ArchitectureSpec spec)
        : base("conv", spec.WindowLength, spec.Channels)
    {
        var wide = spec.ConvChannels;
        var narrow = Math.Max(1, wide / 2);
        encoder = nn.Sequential(
            ("conv0", nn.Conv1d(spec.Channels, narrow, Kernel, stride: 2, padding: Padding)),
            ("act0", Activation.Create(spec.Activation)),
            ("conv1", nn.Conv1d(narrow, wide, Kernel, stride: 2, padding: Padding)),
            ("act1", Activation.Create(spec.Activation)));
        decoder = nn.Sequential(
            ("deconv0", nn.ConvTranspose1d(wide, narrow, Kernel, stride: 2, padding: Padding, output_padding: 1)),
            ("act0", Activation.Create(spec.Activation)),
            ("deconv1", nn.ConvTranspose1d(narrow, spec.Channels, Kernel, stride: 2, padding: Padding, output_padding: 1)));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var batch = x.shape[0];
        var sequence = x.view(batch, WindowLength, Channels).permute(0, 2, 1);
        var decoded = decoder.forward(encoder.forward(sequence)).narrow(2, 0, WindowLength);
        return decoded.permute(0, 2, 1).reshape(batch, InputSize);
    }

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
