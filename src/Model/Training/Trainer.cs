using System.Diagnostics;
using StreamAe.Model.Architectures;
using TorchSharp;
using static TorchSharp.torch;

namespace StreamAe.Model.Training;

/// <summary>
/// Mini-batch Adam with early stopping on a validation split; keeps the weights of the best validation epoch.
/// Deterministic for a given seed, whatever else runs in the process: the initial weights and the training noise come
/// from the training's own generator and the shuffles from its own <see cref="Random"/>, both seeded from
/// <see cref="TrainingOptions.Seed"/>; nothing draws from libtorch's process-wide generator.
/// </summary>
public static class Trainer
{
    /// <summary>Trains <paramref name="model"/> from scratch: its parameters are first redrawn from the seed.</summary>
    /// <param name="train">Scaled training windows, N × W·C, on the module's device.</param>
    /// <param name="validation">Scaled validation windows, M × W·C, on the module's device.</param>
    public static TrainingResult Fit(
        AutoencoderModule model,
        Tensor train,
        Tensor validation,
        TrainingOptions options,
        Action<EpochProgress>? onEpoch = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        var stopwatch = Stopwatch.StartNew();
        var device = train.device.ToString();
        using var random = new Generator(unchecked((ulong)options.Seed));
        ParameterInitialisation.Reset(model, random);
        if (model.IsClosedForm)
        {
            model.FitClosedForm(train);
            var loss = EvaluateLoss(model, train, options.BatchSize);
            var validationLoss = EvaluateLoss(model, validation, options.BatchSize);
            onEpoch?.Invoke(new EpochProgress(1, 1, loss, validationLoss, true, stopwatch.Elapsed, TimeSpan.Zero));
            return new TrainingResult(1, 1, loss, loss, validationLoss, stopwatch.Elapsed.TotalSeconds, device);
        }

        using var optimizer = new HeldAdam(model.parameters(), options.LearningRate);
        var shuffle = new Random(unchecked((int)options.Seed));
        var order = Enumerable.Range(0, (int)train.shape[0]).Select(i => (long)i).ToArray();
        var best = double.PositiveInfinity;
        var bestEpoch = 0;
        var sinceBest = 0;
        double firstLoss = double.NaN, lastLoss = double.NaN;
        var epoch = 0;
        var snapshot = Snapshot(model);
        try
        {
            while (epoch < options.Epochs && sinceBest < options.Patience)
            {
                cancellationToken.ThrowIfCancellationRequested();
                epoch++;
                shuffle.Shuffle(order);
                lastLoss = RunEpoch(model, optimizer, train, order, options.BatchSize, random);
                if (epoch == 1)
                {
                    firstLoss = lastLoss;
                }
                var validationLoss = EvaluateLoss(model, validation, options.BatchSize);
                var improved = validationLoss < best * (1 - options.MinRelativeImprovement);
                if (improved)
                {
                    best = validationLoss;
                    bestEpoch = epoch;
                    sinceBest = 0;
                    CopyInto(snapshot, model);
                }
                else
                {
                    sinceBest++;
                }
                var perEpoch = stopwatch.Elapsed / epoch;
                var remaining = perEpoch * Math.Min(options.Epochs - epoch, options.Patience - sinceBest);
                onEpoch?.Invoke(new EpochProgress(epoch, options.Epochs, lastLoss, validationLoss, improved, stopwatch.Elapsed, remaining));
            }
            Restore(model, snapshot);
        }
        finally
        {
            foreach (var tensor in snapshot.Values)
            {
                tensor.Dispose();
            }
        }
        model.eval();
        return new TrainingResult(epoch, bestEpoch, firstLoss, lastLoss, best, stopwatch.Elapsed.TotalSeconds, device);
    }

    private static double RunEpoch(AutoencoderModule model, HeldAdam optimizer, Tensor train, long[] order, int batchSize, Generator random)
    {
        model.train();
        double total = 0;
        var rows = 0L;
        using var index = tensor(order, device: train.device);
        for (var start = 0L; start < order.Length; start += batchSize)
        {
            using var scope = NewDisposeScope();
            var count = Math.Min(batchSize, order.Length - start);
            var batch = train.index_select(0, index.narrow(0, start, count));
            optimizer.ZeroGrad();
            var loss = model.TrainingLoss(batch, random);
            loss.backward();
            optimizer.Step();
            total += loss.item<float>() * count;
            rows += count;
        }
        return total / rows;
    }

    /// <summary>The training objective in evaluation mode (no corruption, no sampling), averaged over windows.</summary>
    public static double EvaluateLoss(AutoencoderModule model, Tensor data, int batchSize)
    {
        model.eval();
        using var noGrad = no_grad();
        double total = 0;
        var rows = data.shape[0];
        for (var start = 0L; start < rows; start += batchSize)
        {
            using var scope = NewDisposeScope();
            var count = Math.Min(batchSize, rows - start);
            total += model.TrainingLoss(data.narrow(0, start, count), random: null).item<float>() * count;
        }
        return total / rows;
    }

    private static Dictionary<string, Tensor> Snapshot(AutoencoderModule model)
    {
        using var noGrad = no_grad();
        return model.state_dict().ToDictionary(entry => entry.Key, entry => entry.Value.detach().clone().DetachFromDisposeScope());
    }

    private static void CopyInto(Dictionary<string, Tensor> snapshot, AutoencoderModule model)
    {
        using var noGrad = no_grad();
        foreach (var (name, value) in model.state_dict())
        {
            snapshot[name].copy_(value);
        }
    }

    private static void Restore(AutoencoderModule model, Dictionary<string, Tensor> snapshot)
    {
        using var noGrad = no_grad();
        foreach (var (name, value) in model.state_dict())
        {
            value.copy_(snapshot[name]);
        }
    }
}
