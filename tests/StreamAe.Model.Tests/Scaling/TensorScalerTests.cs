using StreamAe.Model.Scaling;
using static TorchSharp.torch;

namespace StreamAe.Model.Tests.Scaling;

public sealed class TensorScalerTests
{
    private const int Length = 5;
    private const int Channels = 2;

    private static readonly float[] Windows =
    [
        1, 10, 2, 20, 3, 30, 4, 40, 5, 50,
        -1, 0, 0, 5, 1, 10, 2, 15, 3, 20,
    ];

    [Theory]
    [InlineData(ScalerParameters.None)]
    [InlineData(ScalerParameters.WindowZ)]
    [InlineData(ScalerParameters.Standard)]
    [InlineData(ScalerParameters.MinMax)]
    public void Inverse_undoes_forward(string kind)
    {
        var parameters = ScalerParameters.Fit(kind, Windows, 2, Length, Channels);
        using var scaler = new TensorScaler(parameters, Length, Channels, CPU);
        using var scope = NewDisposeScope();
        var x = tensor(Windows, [2, Length * Channels]);
        var restored = scaler.Inverse(scaler.Forward(x), x);
        Assert.True(restored.allclose(x, rtol: 1e-5, atol: 1e-5));
    }

    [Fact]
    public void Standard_scaling_gives_each_channel_zero_mean_and_unit_deviation()
    {
        var parameters = ScalerParameters.Fit(ScalerParameters.Standard, Windows, 2, Length, Channels);
        using var scaler = new TensorScaler(parameters, Length, Channels, CPU);
        using var scope = NewDisposeScope();
        var scaled = scaler.Forward(tensor(Windows, [2, Length * Channels])).view(2 * Length, Channels);
        var mean = scaled.mean([0L]).data<float>().ToArray();
        var std = scaled.square().mean([0L]).sqrt().data<float>().ToArray();
        Assert.All(mean, m => Assert.Equal(0, m, 1e-5f));
        Assert.All(std, s => Assert.Equal(1, s, 1e-5f));
    }

    [Fact]
    public void Min_max_scaling_maps_each_channel_onto_zero_to_one()
    {
        var parameters = ScalerParameters.Fit(ScalerParameters.MinMax, Windows, 2, Length, Channels);
        Assert.Equal([-1f, 0f], parameters.Offset);
        Assert.Equal([6f, 50f], parameters.Scale);
    }

    [Fact]
    public void Window_z_normalises_every_window_on_its_own()
    {
        var parameters = ScalerParameters.Fit(ScalerParameters.WindowZ, Windows, 2, Length, Channels);
        using var scaler = new TensorScaler(parameters, Length, Channels, CPU);
        using var scope = NewDisposeScope();
        var scaled = scaler.Forward(tensor(Windows, [2, Length * Channels])).view(2, Length, Channels);
        Assert.True(scaled.mean([1L]).abs().max().item<float>() < 1e-5f);
        Assert.True((scaled.square().mean([1L]) - 1).abs().max().item<float>() < 1e-4f);
    }

    [Fact]
    public void Unknown_kind_names_the_choices()
    {
        var error = Assert.Throws<ArgumentException>(() => ScalerParameters.Fit("robust", Windows, 2, Length, Channels));
        Assert.Contains("window-z", error.Message, StringComparison.Ordinal);
    }
}
