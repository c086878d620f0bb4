using System.Security.Cryptography;
using Engine.Diffusion;
using Engine.NN;
using Engine.Rewards.Extraction;

namespace Engine.Distributed.Tests;

/// <summary>
/// A few data-parallel steps of the production trainers at toy sizes — Diffuser's <see cref="DiffusionTrainer"/> on a
/// TemporalUnet, then the <see cref="RelativeRewardTrainer"/> on a SingleStepRewardMLP — returning every weight (model
/// and EMA) and every step's loss. Run by the threaded-rank tests and, as each MPI rank's job, by <see cref="Program"/>.
/// </summary>
internal static class TinyTraining
{
    public const int Horizon = 8, ObservationDim = 2, ActionDim = 1, BatchSize = 8;

    public sealed record Result(float[] Weights, double[] Losses)
    {
        /// <summary>SHA-256 of the weights' bits and the losses' bits: equal digests mean bit-identical training.</summary>
        public string Digest()
        {
            var bytes = new byte[Weights.Length * 4 + Losses.Length * 8];
            Buffer.BlockCopy(Weights, 0, bytes, 0, Weights.Length * 4);
            Buffer.BlockCopy(Losses, 0, bytes, Weights.Length * 4, Losses.Length * 8);
            return Convert.ToHexString(SHA256.HashData(bytes));
        }
    }

    /// <summary><paramref name="steps"/> steps of each trainer with <paramref name="microBatches"/> micro-batches over <paramref name="exchange"/>'s ranks.</summary>
    public static Result Run(IGradientExchange exchange, int microBatches, int steps)
    {
        var parallel = new DataParallel(microBatches, exchange);
        var losses = new List<double>();

        TemporalUnet Net(ulong seed) => new(Horizon, ObservationDim + ActionDim, new Generator(seed), dim: 8, dimMults: [1, 2]);
        var model = Net(1);
        var ema = Net(2);
        var diffusion = new GaussianDiffusion(model, Horizon, ObservationDim, ActionDim, steps: 10, actionWeight: 10);
        // Adam's first steps are the most sensitive to a gradient's last bits; EMA from step 1 puts the EMA rule in play.
        var trainer = new DiffusionTrainer(diffusion, ema, Data(), new Generator(4), batchSize: BatchSize, lr: 3e-3, stepStartEma: 1, updateEmaEvery: 1)
        {
            Parallel = parallel,
        };
        for (int i = 0; i < steps; i++) losses.Add(trainer.TrainStep());

        var reward = new SingleStepRewardMLP(Horizon, ObservationDim + ActionDim, new Generator(7), dim: 4, dimMults: [8, 4]);
        var emaReward = new SingleStepRewardMLP(Horizon, ObservationDim + ActionDim, new Generator(8), dim: 4, dimMults: [8, 4]);
        var rewardTrainer = new RelativeRewardTrainer(reward, emaReward, new RandomPairs(), new Generator(9),
            new RelativeRewardOptions { BatchSize = BatchSize, LearningRate = 1e-2, StepStartEma = 1, UpdateEmaEvery = 1, ClipNorm = 1.0 })
        {
            Parallel = parallel,
        };
        for (int i = 0; i < steps; i++) losses.Add(rewardTrainer.TrainStep());

        var weights = new Module[] { model, ema, reward, emaReward }
            .SelectMany(m => m.Parameters())
            .SelectMany(p => p.Value.ToArrayFloat())
            .ToArray();
        return new Result(weights, [.. losses]);
    }

    /// <summary>A gradient and the loss it came from.</summary>
    public sealed record Gradients(float[] Gradient, double Loss)
    {
        /// <summary>The gradient's bits, for exact comparison.</summary>
        public string Bits() => Convert.ToHexString(System.Runtime.InteropServices.MemoryMarshal.AsBytes(Gradient.AsSpan()));
    }

    /// <summary>
    /// The diffusion loss's parameter gradient for one fixed batch (steps and noise drawn as the trainer draws them),
    /// computed whole (K = 1) or as <paramref name="microBatches"/> micro-batches combined by <see cref="MicroBatchGradients"/>.
    /// </summary>
    public static Gradients DiffusionGradient(int microBatches)
    {
        var model = new TemporalUnet(Horizon, ObservationDim + ActionDim, new Generator(1), dim: 8, dimMults: [1, 2]);
        var diffusion = new GaussianDiffusion(model, Horizon, ObservationDim, ActionDim, steps: 10, actionWeight: 10);
        var data = Data();
        var g = new Generator(4);
        var (x, cond) = data.SampleBatch(g, BatchSize);
        var (t, noise) = diffusion.DrawLossInputs(x, g);
        var combined = new MicroBatchGradients(model.Parameters(), new DataParallel(microBatches, SingleProcessExchange.Instance));
        int m = BatchSize / microBatches;
        for (int k = 0; k < microBatches; k++)
        {
            int a = k * m, b = a + m;
            var c = new Conditioning(cond.ToDictionary(kv => kv.Key, kv => kv.Value.Slice(0, a, b)), m, Horizon, ObservationDim + ActionDim, ActionDim, x.DType);
            var loss = diffusion.PLosses(x.Slice(0, a, b), c, t[a..b], noise.Slice(0, a, b)) / microBatches;
            loss.Backward();
            combined.Capture(k, loss.Item());
        }
        double total = combined.Combine();
        return new Gradients(model.Parameters().SelectMany(p => p.Grad!.ToArrayFloat()).ToArray(), total);
    }

    private static SequenceDataset Data()
    {
        var g = new Generator(3);
        var episodes = Enumerable.Range(0, 3).Select(_ => new Episode(
            Enumerable.Range(0, 40).Select(_ => g.NextNormal()).ToArray(),
            Enumerable.Range(0, 20).Select(_ => g.NextNormal()).ToArray(), 20, ObservationDim, ActionDim)).ToList();
        return new SequenceDataset(episodes, Horizon, 20, rule: PaddingRule.Diffuser);
    }

    /// <summary>Alignment tuples of standard normal draws (the trainer's arithmetic does not care where they come from).</summary>
    private sealed class RandomPairs : IAlignmentSource
    {
        public int Horizon => TinyTraining.Horizon;

        public int TransitionDim => ObservationDim + ActionDim;

        public AlignmentBatch Next(Generator g, int batchSize)
        {
            int[] shape = [batchSize, Horizon, TransitionDim];
            var t = Enumerable.Range(0, batchSize).Select(_ => (int)g.NextInt(10)).ToArray();
            return new AlignmentBatch(Tensor.RandN(g, shape), t, Tensor.RandN(g, shape), Tensor.RandN(g, shape));
        }
    }
}
