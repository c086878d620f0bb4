using Engine.Autodiff;
using Engine.Bench.Peer;
using Engine.Diffusion;
using Engine.NN;
using Engine.Rewards.Steering;

namespace Engine.Bench;

/// <summary>
/// W7 of ../shared/peer/README.md: one reward-steered planning step of the locomotion experiment at hopper size —
/// 64 environments in one batch, horizon 32, transition 14 (3 actions + 11 observations), T = 20 cosine schedule,
/// TemporalUnet dim 32 mults (1,2,4,8) predicting x₀ unclipped, guided by the relative-reward ValueFunction on the
/// noisy x with hopper's code settings (ω = 0.2, t_stopgrad = 10, one guide step, no variance scaling), the current
/// observation re-imposed at step 0. Built on the production path: <see cref="GaussianDiffusion"/> and
/// <see cref="GuidedSampler"/> with <see cref="SteeringPresets.Locomotion"/>, as the steering experiment plans.
/// Emits one line <c>W7_loco_plan_step</c>: the guided denoising step (median_ms…), <c>plain_step_ms</c> (the same
/// step unguided) and <c>env_step_ms</c> (x_T ~ N(0, I) and the whole 20-step guided chain, one call), plus the checks
/// <c>x_abs_mean</c> (chain from noise seed 2) and <c>g_abs_mean</c> (mean |∂ΣR/∂x| at t = 19 on that noise).
/// </summary>
public sealed class W7LocomotionPlanning : IPeerWorkload
{
    public const int Batch = 64, Horizon = 32, ObservationDim = 11, ActionDim = 3, Transition = ObservationDim + ActionDim, Steps = 20;

    public string Name => "W7";

    /// <summary>The models and conditions of one W7 run, built from the peer's seeds (model 0, reward 0 then the observations).</summary>
    public sealed record Setup(TemporalUnet Unet, ValueFunction RewardNet, GaussianDiffusion Diffusion, GuidedSampler Sampler, Conditioning Condition,
        int Batch, int Horizon);

    /// <summary>W7 as the peer defines it.</summary>
    public static Setup Build() => Build(Batch, Horizon, 32, [1, 2, 4, 8]);

    /// <summary>W7 at other sizes (the GPU check's dry run): x [batch, horizon, 14], the U-Net's width and multipliers.</summary>
    public static Setup Build(int batch, int horizon, int dim, int[] dimMults)
    {
        var unet = new TemporalUnet(horizon, Transition, new Generator(0), dim: dim, dimMults: dimMults);
        var diffusion = new GaussianDiffusion(unet, horizon, ObservationDim, ActionDim, Steps,
            cosineSchedule: true, predictEpsilon: false, clipDenoised: false);
        var rg = new Generator(0);
        var reward = ValueFunction.RelativeReward(horizon, Transition, rg);
        var obs = Tensor.RandN(rg, [batch, ObservationDim]).DetachFromScope();
        var cond = new Conditioning(new Dictionary<int, Tensor> { [0] = obs }, batch, horizon, Transition, ActionDim, DType.Float32);
        var sampler = new GuidedSampler(diffusion, reward, SteeringPresets.Locomotion("hopper", SteeringSource.RewardCode));
        return new Setup(unet, reward, diffusion, sampler, cond, batch, horizon);
    }

    /// <summary>
    /// One denoising step per call (guided: one guide step before it), walking t = 19…0 from a conditioned
    /// x_T ~ N(0, I) (generator seed 3, which also draws the step noises) and restarting the chain after t = 0.
    /// The step is <see cref="GaussianDiffusion.PSampleLoop"/>'s body: (guided) p-sample and re-condition in one
    /// dispose scope, only the new x kept.
    /// </summary>
    public static Action Stepper(Setup s, bool guided)
    {
        var g = new Generator(3);
        Tensor start;
        using (Autograd.NoGrad()) start = s.Condition.Apply(Tensor.RandN(g, [s.Batch, s.Horizon, Transition])).DetachFromScope();
        var x = start;
        int step = Steps - 1;
        return () =>
        {
            var t = Enumerable.Repeat(step, s.Batch).ToArray();
            var previous = x;
            using (var scope = Tensor.Scope())
            {
                if (guided) x = s.Diffusion.GuidedPSample(x, t, s.Condition, s.Sampler.Reward, s.Sampler.Options, g).X;
                else using (Autograd.NoGrad()) x = s.Diffusion.PSample(x, t, g);
                using (Autograd.NoGrad()) x = scope.Keep(s.Condition.Apply(x));
            }
            if (!ReferenceEquals(previous, start) && previous.Storage != x.Storage) previous.Dispose();
            if (step == 0)
            {
                x.Dispose();
                x = start;
                step = Steps - 1;
            }
            else step--;
        };
    }

    /// <summary>One environment step's plan: the whole guided chain from fresh noise, as the rollouts call it.</summary>
    public static Action EnvironmentStep(Setup s)
    {
        var g = new Generator(4);
        return () =>
        {
            using var scope = Tensor.Scope();
            s.Sampler.Sample(s.Batch, s.Condition, g);
        };
    }

    /// <summary>The checks: mean |x₀| of the guided chain from noise seed 2, and mean |∂ΣR/∂x| at t = 19 on that noise.</summary>
    public static (double XAbsMean, double GAbsMean) Checks(Setup s)
    {
        using var scope = Tensor.Scope();
        double xAbs;
        using (Autograd.NoGrad()) xAbs = s.Sampler.Sample(s.Batch, s.Condition, new Generator(2)).Abs().Mean().Item();
        Tensor x1;
        using (Autograd.NoGrad()) x1 = s.Condition.Apply(Tensor.RandN(new Generator(2), [s.Batch, s.Horizon, Transition]));
        double gAbs;
        using (Autograd.EnableGrad())
        {
            var leaf = x1.Detach().RequiresGrad();
            var y = s.Sampler.Reward(leaf, GaussianDiffusion.StepTensor(Enumerable.Repeat(Steps - 1, s.Batch).ToArray(), leaf));
            gAbs = Autograd.Grad(y.Sum(), [leaf])[0].Abs().Mean().Item();
        }
        return (xAbs, gAbs);
    }

    public void Run(PeerContext context)
    {
        var s = Build();
        var (xAbs, gAbs) = Checks(s);
        PeerTiming guided = context.Measure(Stepper(s, guided: true));
        PeerTiming plain = context.Measure(Stepper(s, guided: false));
        PeerTiming env = context.Measure(EnvironmentStep(s));
        double?[] loads = [guided.ForeignCpu, plain.ForeignCpu, env.ForeignCpu];
        double? foreign = loads.Any(v => v is not null) ? loads.Where(v => v is not null).Max() : null;
        var fields = new List<KeyValuePair<string, object?>>
        {
            new("workload", "W7_loco_plan_step"), new("batch", Batch), new("horizon", Horizon), new("transition", Transition),
            new("n_steps", Steps), new("params", s.Unet.ParameterCount()), new("reward_params", s.RewardNet.ParameterCount()),
        };
        fields.AddRange((guided with { ForeignCpu = foreign }).Fields());
        fields.AddRange([
            new("env_step_ms", Math.Round(env.MedianMs, 4)), new("env_step_samples", env.Samples),
            new("plain_step_ms", Math.Round(plain.MedianMs, 4)),
            new("x_abs_mean", Math.Round(xAbs, 6)), new("g_abs_mean", double.Parse(gAbs.ToString("G6", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture)),
        ]);
        context.Emit(fields);
    }
}
