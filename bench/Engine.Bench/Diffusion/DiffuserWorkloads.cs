using Engine.Autodiff;
using Engine.Diffusion;
using Engine.NN;

namespace Engine.Bench;

/// <summary>
/// W4 and W5 of ../shared/peer/README.md as plain setup methods returning the timed call, so any runner
/// (BenchmarkDotNet below, or the side-by-side peer runner) can time them. Each setup builds its model
/// from a fixed seed; the returned action is one timed iteration. <see cref="UnetSize"/> defaults to the peer's
/// sizes; the GPU check's dry run passes a micro one.
/// </summary>
public static class DiffuserWorkloads
{
    public const int Horizon = 128, Transition = 6, ActionDim = 2, Steps = 64;

    /// <summary>The U-Net workloads' sizes: batch, horizon (a multiple of 4 and of 2^(levels − 1)), width, multipliers, diffusion steps.</summary>
    public sealed record UnetSize(int Batch, int Horizon, int Dim, int[] DimMults, int Steps)
    {
        /// <summary>W4 as the peer defines it: batch 32, horizon 128, dim 32, mults (1, 2, 4, 8), 64 steps.</summary>
        public static UnetSize W4 { get; } = new(32, DiffuserWorkloads.Horizon, 32, [1, 2, 4, 8], DiffuserWorkloads.Steps);
        /// <summary>W5 as the peer defines it: W4's network at batch 64.</summary>
        public static UnetSize W5 { get; } = W4 with { Batch = 64 };
    }

    private static GaussianDiffusion Diffusion(TemporalUnet net, UnetSize s) =>
        new(net, s.Horizon, Transition - ActionDim, ActionDim, s.Steps, cosineSchedule: true, predictEpsilon: true, clipDenoised: true);

    /// <summary>Maze2d conditioning: the state part of the first and last step.</summary>
    private static Conditioning Maze(UnetSize s, Generator g) => new(new Dictionary<int, Tensor>
    {
        [0] = Tensor.RandN(g, [s.Batch, Transition - ActionDim]),
        [s.Horizon - 1] = Tensor.RandN(g, [s.Batch, Transition - ActionDim]),
    }, s.Batch, s.Horizon, Transition, ActionDim, DType.Float32);

    /// <summary>W4: one TemporalUnet training step (batch 32): q-sample, condition, ε̂, MSE, backward, Adam(2e-4).</summary>
    public static Action W4Step() => W4Step(UnetSize.W4);

    /// <summary>W4 at other sizes (x₀: [batch, horizon, 6]).</summary>
    public static Action W4Step(UnetSize s)
    {
        var g = new Generator(0);
        var net = new TemporalUnet(s.Horizon, Transition, g, dim: s.Dim, dimMults: s.DimMults);
        var diff = Diffusion(net, s);
        var opt = new Adam(net.Parameters(), lr: 2e-4) { DisposeReplacedValues = true };
        var x0 = Tensor.RandN(g, [s.Batch, s.Horizon, Transition]);
        var cond = Maze(s, g);
        return () =>
        {
            // As DiffusionTrainer.TrainStep: the step's tensors go back to the storage pool at its end.
            using var scope = Tensor.Scope();
            opt.ZeroGrad();
            diff.Loss(x0, cond, g).Backward();
            opt.Step();
        };
    }

    /// <summary>
    /// W5: one denoising step of the 64-step ancestral loop (batch 64) under NoGrad, cycling t = 63…0.
    /// Guided: before it, one reward-gradient step with ρ on the trajectory viewed as 64×32 windows of
    /// h = 4 consecutive (action, state) pairs, x += 0.1·σ̃²_t·∂Σρ/∂x, re-condition.
    /// </summary>
    public static Action W5Step(bool guided) => W5Step(guided, UnetSize.W5);

    /// <summary>W5 at other sizes (x: [batch, horizon, 6], ρ over horizon / 4 windows).</summary>
    public static Action W5Step(bool guided, UnetSize s)
    {
        var g = new Generator(0);
        var net = new TemporalUnet(s.Horizon, Transition, g, dim: s.Dim, dimMults: s.DimMults);
        var diff = Diffusion(net, s);
        var rho = RewardMlp(new Generator(1), s.Horizon);
        var cond = Maze(s, g);
        Tensor x;
        using (Autograd.NoGrad()) x = cond.Apply(Tensor.RandN(g, [s.Batch, s.Horizon, Transition]));
        int step = s.Steps - 1;
        var options = new GuideOptions(Scale: 0.1, NGuideSteps: 1, ScaleGradByStd: true);
        return () =>
        {
            var t = Enumerable.Repeat(step, s.Batch).ToArray();
            var previous = x;
            // As GaussianDiffusion.PSampleLoop: one dispose scope per step, only the new x kept.
            using (var scope = Tensor.Scope())
            {
                if (guided) x = diff.GuidedPSample(x, t, cond, rho, options, g).X;
                else using (Autograd.NoGrad()) x = diff.PSample(x, t, g);
                using (Autograd.NoGrad()) x = scope.Keep(cond.Apply(x));
            }
            if (previous.Storage != x.Storage) previous.Dispose();
            step = step == 0 ? s.Steps - 1 : step - 1;
        };
    }

    /// <summary>The peer's ρ (<see cref="Workloads.RewardMlp"/>) applied per window of 4 steps and summed per sample.</summary>
    private static Reward RewardMlp(Generator g, int horizon)
    {
        var net = new Workloads.RewardMlp(g);
        return (x, t) =>
        {
            int b = x.Shape[0], windows = horizon / 4;
            var flat = x.Reshape(b * windows, 4 * Transition);
            var tw = t.Unsqueeze(1).Expand(b, windows).Reshape(b * windows);
            return net.Forward(flat, net.TimeEmbedding(tw, x.DType)).Reshape(b, windows).Sum(1);
        };
    }
}
