using Engine.NN;
using Engine.Rewards.Extraction;

namespace Engine.Bench.Workloads;

/// <summary>
/// The locomotion experiment's reward-training step (hopper sizes: horizon 32, transition 14, batch 128): the
/// relative-reward ValueFunction (conv1d + group norm + LeakyReLU encoder) trained by <see cref="RelativeRewardTrainer"/>
/// — ∇_x of the reward with createGraph, the alignment loss, backward, Adam, EMA — on batches from a fixed source.
/// A probe of what the reward-alignment machinery costs outside the maze (`profile LOCO`), not a peer workload.
/// </summary>
public static class LocomotionRewardWorkload
{
    public const int Batch = 128, Horizon = 32, Transition = 14;

    /// <summary>One <see cref="RelativeRewardTrainer.TrainStep"/> per call.</summary>
    public static Action TrainStep()
    {
        var g = new Generator(0);
        var net = ValueFunction.RelativeReward(Horizon, Transition, g);
        var ema = ValueFunction.RelativeReward(Horizon, Transition, g);
        var options = new RelativeRewardOptions { BatchSize = Batch, LearningRate = 2e-4, StepStartEma = 400, UpdateEmaEvery = 10 };
        var trainer = new RelativeRewardTrainer(net, ema, new RandomAlignmentSource(), g.Split(), options);
        return () => trainer.TrainStep();
    }

    /// <summary>x, μ_B, μ_E ~ N(0, 1) [batch, 32, 14], t ~ U{0..19}: the shapes of the experiment's tuples.</summary>
    private sealed class RandomAlignmentSource : IAlignmentSource
    {
        public int Horizon => LocomotionRewardWorkload.Horizon;
        public int TransitionDim => Transition;

        public AlignmentBatch Next(Generator g, int batchSize)
        {
            int[] shape = [batchSize, Horizon, Transition];
            var t = Enumerable.Range(0, batchSize).Select(_ => (int)g.NextInt(20)).ToArray();
            return new AlignmentBatch(Tensor.RandN(g, shape), t, Tensor.RandN(g, shape), Tensor.RandN(g, shape));
        }
    }
}
