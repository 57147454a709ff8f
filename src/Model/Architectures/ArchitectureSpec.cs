using TorchSharp;
namespace StreamAe.Model.Architectures;

/// <summary>
/// Which network and its hyper-parameters: chosen at training time, stored in the model file, and enough to
/// rebuild the module before its weights are loaded.
/// </summary>
public sealed record ArchitectureSpec
{
    public const string Dense = "dense";
    public const string Denoising = "denoising";
    public const string Sparse = "sparse";
    public const string Vae = "vae";
    public const string Conv = "conv";
    public const string Lstm = "lstm";
    public const string Pca = "pca";
    public const string VaeScoreReconstruction = "reconstruction";
    public const string VaeScoreElbo = "elbo";

    public static readonly IReadOnlyList<string> Names = [Dense, Denoising, Sparse, Vae, Conv, Lstm, Pca];

    /// <summary>The architecture <c>train</c> uses when none is named. Whole windows (ECG beats) keep the dense
    /// autoencoder; a sensor series gets PCA, which on a few hundred normal training windows generalises better than
    /// any neural autoencoder (docs/MODELS.md, SKAB: the lowest false-alarm rate of every architecture) and is what
    /// a pipeline learning from its stream trains by default.</summary>
    public static string DefaultFor(bool wholeWindows) => wholeWindows ? Dense : Pca;

    public required string Name { get; init; }
    public required int WindowLength { get; init; }
    public int Channels { get; init; } = 1;

    /// <summary>Dense family: hidden layer sizes of the encoder, outermost first (the decoder mirrors them).</summary>
    public IReadOnlyList<int> HiddenSizes { get; init; } = [32, 16];
    public int CodeSize { get; init; } = 8;
    public string Activation { get; init; } = Architectures.Activation.Relu;

    /// <summary>Denoising: σ of the added Gaussian noise and the probability of zeroing an input element.</summary>
    public double NoiseStd { get; init; } = 0.1;
    public double MaskProbability { get; init; } = 0.1;

    /// <summary>Sparse: weight of the L1 penalty on the code.</summary>
    public double SparsityWeight { get; init; } = 1e-3;

    /// <summary>VAE: weight of the KL term and what a window's score is.</summary>
    public double Beta { get; init; } = 1e-3;
    public string VaeScore { get; init; } = VaeScoreReconstruction;

    /// <summary>Convolutional: channels of the inner convolution (the outer has half).</summary>
    public int ConvChannels { get; init; } = 32;

    /// <summary>LSTM: hidden size of encoder and decoder.</summary>
    public int RecurrentHidden { get; init; } = 32;

    /// <summary>PCA: number of principal components kept.</summary>
    public int PcaComponents { get; init; } = 8;

    /// <summary>Clear messages for every invalid field; empty when the spec can be built.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!Names.Contains(Name))
        {
            errors.Add($"arch: unknown architecture '{Name}'; use one of {string.Join(", ", Names)}.");
        }
        if (WindowLength < 4)
        {
            errors.Add($"window: must be at least 4, got {WindowLength}.");
        }
        if (Channels < 1)
        {
            errors.Add($"channels: must be at least 1, got {Channels}.");
        }
        if (HiddenSizes.Any(size => size < 1) || CodeSize < 1)
        {
            errors.Add("hidden sizes and code size must be positive.");
        }
        if (!Architectures.Activation.Names.Contains(Activation))
        {
            errors.Add($"activation: unknown '{Activation}'; use one of {string.Join(", ", Architectures.Activation.Names)}.");
        }
        if (NoiseStd < 0 || MaskProbability is < 0 or >= 1)
        {
            errors.Add("denoising: noise σ must be ≥ 0 and mask probability in [0, 1).");
        }
        if (SparsityWeight < 0 || Beta < 0)
        {
            errors.Add("sparsity weight and β must be ≥ 0.");
        }
        if (VaeScore is not (VaeScoreReconstruction or VaeScoreElbo))
        {
            errors.Add($"vae score: use '{VaeScoreReconstruction}' or '{VaeScoreElbo}', got '{VaeScore}'.");
        }
        if (ConvChannels < 2 || RecurrentHidden < 1)
        {
            errors.Add("conv channels must be ≥ 2 and recurrent hidden size ≥ 1.");
        }
        if (PcaComponents < 1 || PcaComponents > WindowLength * Channels)
        {
            errors.Add($"pca components: must be between 1 and W·C = {WindowLength * Channels}, got {PcaComponents}.");
        }
        return errors;
    }

    /// <summary>Builds the untrained module; throws ArgumentException listing every problem when the spec is invalid.</summary>
    public AutoencoderModule Build()
    {
        var errors = Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid architecture: " + string.Join(" ", errors));
        }
        // TorchSharp's layer constructors draw their default weights through temporary tensors (a convolution's
        // fan-in reads the size of a slice of its weight) that nothing references during the native call, so a
        // collection could finalize one mid-call: a daemon building a model beside busy scoring crashed in
        // THSTensor_numel. The scope keeps every temporary alive until the module is built, then frees them; the
        // module's own parameters and buffers leave the scope with it.
        using var scope = torch.NewDisposeScope();
        AutoencoderModule module = Name switch
        {
            Dense => new DenseAutoencoder(this),
            Denoising => new DenoisingAutoencoder(this),
            Sparse => new SparseAutoencoder(this),
            Vae => new VariationalAutoencoder(this),
            Conv => new ConvAutoencoder(this),
            Lstm => new LstmAutoencoder(this),
            _ => new PcaModel(this),
        };
        scope.Detach([.. module.parameters(), .. module.buffers()]);
        return module;
    }
}
