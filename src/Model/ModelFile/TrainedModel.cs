using StreamAe.Model.Architectures;

namespace StreamAe.Model.ModelFile;

/// <summary>A network with its metadata, as a model file holds them; the module is in evaluation mode.</summary>
public sealed class TrainedModel : IDisposable
{
    public TrainedModel(ModelMetadata metadata, AutoencoderModule module)
    {
        Metadata = metadata;
        Module = module;
    }

    public ModelMetadata Metadata { get; }
    public AutoencoderModule Module { get; }

    public void Dispose() => Module.Dispose();
}
