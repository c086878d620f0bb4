using Engine.NN;
using Engine.Rewards.Extraction;

namespace Engine.Bench.Workloads;

/// <summary>
/// W8 of ../shared/peer/README.md, the maze experiment's reward-training step: ρ_w (SingleStepRewardMLP with
/// Mish, h = 4, widths 128, 64, 32, time embedding 32) scored over the 16 strided windows of x [256, 64, 6],
/// g = ∂Σr/∂x with createGraph, loss = mean((g − target)²), ∂loss/∂θ, Adam(lr 1e-3).
/// Built from the production pieces (<see cref="StridedWindowReward"/>, <see cref="GradientAlignment"/>), so
/// what speeds it up speeds up <c>engine maze2d</c>.
/// </summary>
public sealed class MazeRewardWorkload
{
    public const int Batch = 256, Horizon = 64, Channels = 6, Window = 4;

    private MazeRewardWorkload(StridedWindowReward reward, Tensor x, Tensor target, int[] t, Adam adam) =>
        (Reward, X, Target, T, Adam) = (reward, x, target, t, adam);

    public StridedWindowReward Reward { get; }
    /// <summary>x: [256, 64, 6] ~ N(0, 1).</summary>
    public Tensor X { get; }
    /// <summary>target: [256, 64, 6] ~ N(0, 1).</summary>
    public Tensor Target { get; }
    /// <summary>t ~ U{0..19}, one per trajectory.</summary>
    public int[] T { get; }
    public Adam Adam { get; }

    /// <summary>The network, then x, target and t drawn in the peer's order; float64 for the derivative checks.</summary>
    /// <param name="dtype">Float32, or float64 for the derivative checks.</param>
    /// <param name="seed">Seed of the weights and data.</param>
    /// <param name="batch">Trajectories: the peer's 256, fewer for the GPU check's dry run.</param>
    /// <param name="horizon">Steps per trajectory, a multiple of the window 4: the peer's 64.</param>
    public static MazeRewardWorkload Build(DType dtype = DType.Float32, int seed = 0, int batch = Batch, int horizon = Horizon)
    {
        var g = new Generator((ulong)seed);
        var window = new SingleStepRewardMLP(Window, Channels, g, activation: () => new Mish(), dtype: dtype);
        var reward = new StridedWindowReward(window, Window);
        var x = Tensor.RandN(g, [batch, horizon, Channels]).Cast(dtype);
        var target = Tensor.RandN(g, [batch, horizon, Channels]).Cast(dtype);
        var t = Enumerable.Range(0, batch).Select(_ => (int)g.NextInt(20)).ToArray();
        var adam = new Adam(reward.Parameters(), lr: 1e-3) { DisposeReplacedValues = true };
        return new MazeRewardWorkload(reward, x, target, t, adam);
    }

    /// <summary>The scalar loss mean((∂Σρ/∂x − target)²), differentiable in θ (no step taken): the production loss.</summary>
    public Tensor Loss() => GradientAlignment.Loss(Reward, X, T, Target);

    /// <summary>The loss as the check fields need it: with g = ∂Σρ/∂x.</summary>
    public (Tensor Loss, Tensor Gradient) LossAndGradient()
    {
        var (_, _, g) = GradientAlignment.RewardGradient(Reward, X, T);
        return ((g - Target).Square().Mean(), g);
    }

    /// <summary>One timed call: loss, backward into the parameters, Adam; everything else freed with the scope.</summary>
    public void Step()
    {
        using var scope = Tensor.Scope();
        Loss().Backward();
        Adam.Step();
        Adam.ZeroGrad();
    }
}
