using Engine.Autodiff;
using Engine.Diffusion;
using Engine.NN;
using Engine.Rewards.Extraction;
using Engine.Rewards.Steering;

namespace Engine.Backends.Ilgpu.Tests;

/// <summary>
/// The two inner steps the GPU check times (W7, W8) on the device against the CPU backend, at micro sizes:
/// one reward-guided planning step of the locomotion rollout, and one maze reward-training step.
/// </summary>
[Collection(BackendCollection.Name)]
public sealed class StepTests(BackendFixture fx)
{
    private const int Batch = 2, Horizon = 8, ObservationDim = 11, ActionDim = 3, Transition = ObservationDim + ActionDim, Steps = 20;

    /// <summary>
    /// W7's step at hopper's settings (ω 0.2, t_stopgrad 10): a conditioned x_T, one guide step of the relative-reward
    /// value function, then the p-sample of a TemporalUnet predicting x₀, the observation re-imposed. Models and
    /// noise come from the same seeds on both backends (their draws are bit-identical).
    /// </summary>
    [Fact]
    public void OneGuidedLocomotionPlanningStepMatchesTheCpuBackend()
    {
        var (device, cpu) = BothBackends.Run(fx.Backend, () =>
        {
            var unet = new TemporalUnet(Horizon, Transition, new Generator(0), dim: 8, dimMults: [1, 2]);
            var diffusion = new GaussianDiffusion(unet, Horizon, ObservationDim, ActionDim, Steps,
                cosineSchedule: true, predictEpsilon: false, clipDenoised: false);
            var rg = new Generator(1);
            var reward = ValueFunction.RelativeReward(Horizon, Transition, rg);
            var obs = Tensor.RandN(rg, [Batch, ObservationDim]);
            var cond = new Conditioning(new Dictionary<int, Tensor> { [0] = obs }, Batch, Horizon, Transition, ActionDim, DType.Float32);
            var sampler = new GuidedSampler(diffusion, reward, SteeringPresets.Locomotion("hopper", SteeringSource.RewardCode));
            var t = Enumerable.Repeat(Steps - 1, Batch).ToArray();
            Tensor Start(Generator g)
            {
                using (Autograd.NoGrad()) return cond.Apply(Tensor.RandN(g, [Batch, Horizon, Transition]));
            }
            var g1 = new Generator(3);
            var (guided, values) = diffusion.GuidedPSample(Start(g1), t, cond, sampler.Reward, sampler.Options, g1);
            var g2 = new Generator(3);
            Tensor plain;
            using (Autograd.NoGrad())
            {
                guided = cond.Apply(guided);
                plain = cond.Apply(diffusion.PSample(Start(g2), t, g2));
            }
            Assert.Same(Tensor.DefaultBackend, guided.Backend);
            return (Guided: guided.ToArrayDouble(), Plain: plain.ToArrayDouble(), Values: values.ToArrayDouble());
        });
        // The guidance moved the plan (so the reward's gradient is part of what is compared).
        Assert.Contains(cpu.Guided.Zip(cpu.Plain), p => Math.Abs(p.First - p.Second) > 1e-6);
        BothBackends.Close("reward values", cpu.Values, device.Values, 1e-5);
        BothBackends.Close("guided x", cpu.Guided, device.Guided, 1e-5);
        BothBackends.Close("unguided x", cpu.Plain, device.Plain, 1e-5);
    }

    /// <summary>
    /// W8's step: ρ over strided windows of 4, g = ∂Σρ/∂x with the graph kept, loss = mean((g − target)²),
    /// ∂loss/∂θ, one Adam step. The loss and the parameter gradients are compared tightly; the stepped weights get
    /// Adam's bound (2·lr: where a gradient is rounding noise, each backend steps along its own).
    /// </summary>
    [Fact]
    public void OneMazeRewardTrainingStepMatchesTheCpuBackend()
    {
        const double lr = 1e-3;
        var (device, cpu) = BothBackends.Run(fx.Backend, () =>
        {
            var g = new Generator(0);
            var window = new SingleStepRewardMLP(4, 6, g, dimMults: [8, 4], activation: () => new Mish());
            var reward = new StridedWindowReward(window, 4);
            var x = Tensor.RandN(g, [3, 16, 6]);
            var target = Tensor.RandN(g, [3, 16, 6]);
            int[] t = [0, 7, 19];
            var adam = new Adam(reward.Parameters(), lr: lr);
            var loss = GradientAlignment.Loss(reward, x, t, target);
            loss.Backward();
            var grads = reward.Parameters().SelectMany(p => p.Grad?.ToArrayDouble() ?? []).ToArray();
            adam.Step();
            return (Loss: loss.Item(), Grads: grads, Weights: reward.Parameters().SelectMany(p => p.Value.ToArrayDouble()).ToArray());
        });
        BothBackends.Close("loss", [cpu.Loss], [device.Loss], 1e-5);
        Assert.Contains(cpu.Grads, v => Math.Abs(v) > 1e-4);
        BothBackends.Close("parameter gradients", cpu.Grads, device.Grads, 1e-5);
        BothBackends.Close("weights after Adam", cpu.Weights, device.Weights, 2 * lr);
    }
}
