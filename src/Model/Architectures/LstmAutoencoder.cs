using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace StreamAe.Model.Architectures;

/// <summary>
/// A sequence-to-sequence LSTM autoencoder: the encoder's last hidden state is the code; the decoder starts from the
/// encoder's final state, reads the code at every time step, and a linear head maps its outputs back to the channels.
/// </summary>
public sealed class LstmAutoencoder : AutoencoderModule
{
    private readonly LSTM encoder;
    private readonly LSTM decoder;
    private readonly nn.Module<Tensor, Tensor> head;

    public LstmAutoencoder(ArchitectureSpec spec)
        : base("lstm", spec.WindowLength, spec.Channels)
    {
        encoder = nn.LSTM(spec.Channels, spec.RecurrentHidden, batchFirst: true);
        decoder = nn.LSTM(spec.RecurrentHidden, spec.RecurrentHidden, batchFirst: true);
        head = nn.Linear(spec.RecurrentHidden, spec.Channels);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var batch = x.shape[0];
        var sequence = x.view(batch, WindowLength, Channels);
        var (_, lastHidden, lastCell) = encoder.forward(sequence);
        var code = lastHidden[-1].unsqueeze(1).expand(batch, WindowLength, -1);
        var (decoded, _, _) = decoder.forward(code, (lastHidden, lastCell));
        return head.forward(decoded).reshape(batch, InputSize);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            encoder.Dispose();
            decoder.Dispose();
            head.Dispose();
        }
        base.Dispose(disposing);
    }
}
