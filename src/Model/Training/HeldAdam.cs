using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace StreamAe.Model.Training;

/// <summary>
/// Adam with torch.optim.Adam's defaults and arithmetic (β 0.9 / 0.999, ε 1e-8, no weight decay), its numbers held as
/// <see cref="Scalar"/>s for as long as libtorch reads them. TorchSharp's own Adam passes temporary Scalars whose
/// finalizers can free them mid-call: under steady garbage collection, training failed with "Expected false to be
/// true" from Scalar::toDouble (as scoring once did, see HeldScalars), which a daemon retraining in the background
/// beside busy scoring would meet sooner or later.
/// </summary>
internal sealed class HeldAdam : IDisposable
{
    private const double Beta1 = 0.9;
    private const double Beta2 = 0.999;

    private readonly Parameter[] _parameters;
    private readonly Tensor[] _firstMoments;
    private readonly Tensor[] _secondMoments;
    private readonly double _learningRate;
    private readonly Scalar _beta1 = Beta1.ToScalar();
    private readonly Scalar _oneMinusBeta1 = (1 - Beta1).ToScalar();
    private readonly Scalar _beta2 = Beta2.ToScalar();
    private readonly Scalar _oneMinusBeta2 = (1 - Beta2).ToScalar();
    private readonly Scalar _epsilon = 1e-8.ToScalar();
    private readonly Scalar _one = 1.ToScalar();
    private long _steps;

    public HeldAdam(IEnumerable<Parameter> parameters, double learningRate)
    {
        _parameters = [.. parameters];
        _learningRate = learningRate;
        using var noGrad = no_grad();
        // The moments live as long as the optimizer, not as long as a caller's dispose scope.
        _firstMoments = [.. _parameters.Select(p => zeros_like(p).DetachFromDisposeScope())];
        _secondMoments = [.. _parameters.Select(p => zeros_like(p).DetachFromDisposeScope())];
    }

    public void ZeroGrad()
    {
        foreach (var parameter in _parameters)
        {
            parameter.grad?.zero_();
        }
    }

    public void Step()
    {
        _steps++;
        using var noGrad = no_grad();
        using var correction2 = Math.Sqrt(1 - Math.Pow(Beta2, _steps)).ToScalar();
        using var negativeStepSize = (-_learningRate / (1 - Math.Pow(Beta1, _steps))).ToScalar();
        for (var i = 0; i < _parameters.Length; i++)
        {
            if (_parameters[i].grad is not { } grad)
            {
                continue;
            }
            _firstMoments[i].mul_(_beta1).add_(grad, _oneMinusBeta1);
            _secondMoments[i].mul_(_beta2).addcmul_(grad, grad, _oneMinusBeta2);
            using var denominator = _secondMoments[i].sqrt().div_(correction2).add_(_epsilon, _one);
            _parameters[i].addcdiv_(_firstMoments[i], denominator, negativeStepSize);
        }
        GC.KeepAlive(this); // the held Scalars are this object's fields
    }

    public void Dispose()
    {
        foreach (var moment in _firstMoments.Concat(_secondMoments))
        {
            moment.Dispose();
        }
        foreach (var scalar in new[] { _beta1, _oneMinusBeta1, _beta2, _oneMinusBeta2, _epsilon, _one })
        {
            scalar.Dispose();
        }
    }
}
