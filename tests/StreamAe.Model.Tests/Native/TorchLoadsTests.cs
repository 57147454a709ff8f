using TorchSharp;
using static TorchSharp.torch;

namespace StreamAe.Model.Tests.Native;

/// <summary>Proves the build's native fix: TorchSharp loads on this host and autograd works end to end.</summary>
public sealed class TorchLoadsTests
{
    [Fact]
    public void Forward_and_backward_pass_runs_and_reduces_loss()
    {
        using var random = new Generator(7);
        using var layer = nn.Linear(4, 1);
        using var optimizer = optim.SGD(layer.parameters(), 0.1);
        using var x = torch.randn(32, 4, generator: random);
        using var y = x.sum(1, keepdim: true);

        float Step()
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var loss = nn.functional.mse_loss(layer.forward(x), y);
            loss.backward();
            optimizer.step();
            return loss.item<float>();
        }

        var first = Step();
        var last = first;
        for (var i = 0; i < 50; i++)
        {
            last = Step();
        }

        Assert.True(last < first * 0.1f, $"loss went from {first} to {last}");
        Assert.NotNull(layer.weight!.grad);
    }
}
