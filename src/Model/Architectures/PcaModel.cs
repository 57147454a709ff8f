using static TorchSharp.torch;

namespace StreamAe.Model.Architectures;

/// <summary>
/// The linear baseline: project the centred window onto the top-k principal components (from an SVD of the
/// training windows) and back. Its weights are two buffers, so it saves and loads like the networks.
/// </summary>
public sealed class PcaModel : AutoencoderModule
{
    private readonly int components;

    public PcaModel(ArchitectureSpec spec)
        : base("pca", spec.WindowLength, spec.Channels)
    {
        components = spec.PcaComponents;
        register_buffer("mean", zeros(InputSize));
        register_buffer("components", zeros(InputSize, components));
    }

    private Tensor Mean => get_buffer("mean")!;

    /// <summary>D × k, orthonormal columns.</summary>
    public Tensor Components => get_buffer("components")!;

    public override bool IsClosedForm => true;

    public override void FitClosedForm(Tensor x)
    {
        if (x.shape[0] < components)
        {
            throw new ArgumentException($"PCA with {components} components needs at least {components} training windows, got {x.shape[0]}.");
        }
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var mean = x.mean([0L]);
        var (_, _, vh) = linalg.svd(x - mean, fullMatrices: false);
        Mean.copy_(mean);
        Components.copy_(vh.narrow(0, 0, components).t());
    }

    public override Tensor forward(Tensor x)
    {
        var centred = x - Mean;
        return HeldScalars.Sum(centred.matmul(Components).matmul(Components.t()), Mean);
    }
}
