using Engine.Autodiff;
using Engine.NN;
using Engine.Testing;

namespace Engine.Diffusion.Tests;

public class SamplingTests
{
    private static readonly double[][] Modes = [[-0.5, -0.5], [0.5, 0.5]];

    private static Tensor MixtureBatch(Generator g, int n)
    {
        var v = new float[n * 2];
        for (int i = 0; i < n; i++)
        {
            var m = Modes[g.NextInt(2)];
            v[2 * i] = (float)(m[0] + 0.05 * g.NextNormal());
            v[2 * i + 1] = (float)(m[1] + 0.05 * g.NextNormal());
        }
        return Tensor.FromArray(v, n, 1, 2);
    }

    [Fact]
    public void TrainedModelPutsSamplesOnTheModes()
    {
        // x₀-prediction with clipping, as every config of the paper (ε-prediction passes too but doubles the test time).
        const bool predictEpsilon = false;
        var g = new Generator(2024);
        var net = new TinyDenoiser(2, g);
        var diff = new GaussianDiffusion(net, 1, 2, 0, steps: 20, clipDenoised: true, predictEpsilon: predictEpsilon);
        var opt = new Adam(net.Parameters(), lr: 1e-2);
        var none = Conditioning.None(256, 1, 2, DType.Float32);
        for (int step = 0; step < 800; step++)
        {
            // Step decay: a large rate to find the modes, a small one to sharpen them.
            if (step == 400) opt.Lr = 3e-3;
            if (step == 650) opt.Lr = 1e-3;
            opt.ZeroGrad();
            diff.Loss(MixtureBatch(g, 256), none, g).Backward();
            opt.Step();
        }
        var x = diff.PSampleLoop(400, Conditioning.None(400, 1, 2, DType.Float32), new Generator(7)).ToArrayFloat();
        int[] counts = new int[2];
        int near = 0;
        for (int i = 0; i < 400; i++)
            for (int m = 0; m < 2; m++)
                if (Math.Sqrt(Math.Pow(x[2 * i] - Modes[m][0], 2) + Math.Pow(x[2 * i + 1] - Modes[m][1], 2)) < 0.2) { near++; counts[m]++; }
        double spread = Enumerable.Range(0, 400).Average(i => Modes.Min(m => Math.Sqrt(Math.Pow(x[2 * i] - m[0], 2) + Math.Pow(x[2 * i + 1] - m[1], 2))));
        Assert.True(near >= 360, $"{near}/400 samples within 0.2 of a mode; mean distance {spread:F3}; counts {counts[0]}, {counts[1]}");
        Assert.True(counts.Min() >= 100, $"mode counts {counts[0]}, {counts[1]}");
    }

    private static Tensor RewardSum(Tensor x, Tensor t) => x.Sum([1, 2]);

    [Fact]
    public void GuidanceTowardPositiveXMovesTheSampleMean()
    {
        // A denoiser that returns its input keeps the guidance shifts in x, so their effect is visible.
        var diff = new GaussianDiffusion(new IdentityModel(), 1, 2, 0, steps: 20);
        var none = Conditioning.None(256, 1, 2, DType.Float32);
        double Mean(Tensor x) => x.Mean().Item();
        var plain = diff.PSampleLoop(256, none, new Generator(9));
        var guided = diff.PSampleLoop(256, none, new Generator(9), reward: RewardSum, guide: new GuideOptions(Scale: 1.0));
        Assert.True(Mean(guided) > Mean(plain) + 0.2, $"guided mean {Mean(guided)}, plain {Mean(plain)}");
    }

    [Fact]
    public void ZeroGuidanceScaleLeavesSamplingUnchangedBitForBit()
    {
        var net = new TinyDenoiser(3, new Generator(1));
        var diff = new GaussianDiffusion(net, 1, 2, 1, steps: 10);
        var cond = new Conditioning(new Dictionary<int, Tensor> { [0] = Tensor.FromArray(new float[] { 0.1f, 0.2f, 0.3f, 0.4f }, 2, 2) }, 2, 1, 3, 1, DType.Float32);
        var plain = diff.PSampleLoop(2, cond, new Generator(5));
        var guided = diff.PSampleLoop(2, cond, new Generator(5), reward: RewardSum, guide: new GuideOptions(Scale: 0.0, NGuideSteps: 3));
        TensorAssert.Identical(plain, guided);
        // Conditioned entries hold their values exactly.
        Assert.Equal(0.3f, plain.ToArrayFloat()[1 * 3 + 1]);
    }

    [Fact]
    public void StopgradAndStdScalingFollowDiffuser()
    {
        // With t_stopgrad above every step, guidance does nothing at all.
        var net = new TinyDenoiser(2, new Generator(1));
        var diff = new GaussianDiffusion(net, 1, 2, 0, steps: 8);
        var none = Conditioning.None(4, 1, 2, DType.Float32);
        var plain = diff.PSampleLoop(4, none, new Generator(3));
        var stopped = diff.PSampleLoop(4, none, new Generator(3), reward: RewardSum, guide: new GuideOptions(5.0, TStopgrad: 8));
        TensorAssert.Identical(plain, stopped);
        // One guided step without std scaling moves x by exactly ω·∂ρ/∂x = ω before the denoising step.
        var x = Tensor.Zeros([4, 1, 2]);
        var (a, _) = diff.GuidedPSample(x, [3, 3, 3, 3], none, RewardSum, new GuideOptions(0.25, ScaleGradByStd: false), new Generator(6));
        Tensor b;
        using (Autograd.NoGrad()) b = diff.PSample(x + 0.25, [3, 3, 3, 3], new Generator(6));
        TensorAssert.Identical(b, a);
    }

    [Fact]
    public void SkippingTheZeroedGuideBelowTStopgradChangesNoSample()
    {
        // The reference differentiates ρ at every step and multiplies the guide by 0 below t_stopgrad; the loop
        // takes no gradient there. Same samples bit for bit, with a reward that is not linear in x.
        var net = new TinyDenoiser(3, new Generator(1));
        var diff = new GaussianDiffusion(net, 1, 2, 1, steps: 10); // horizon 1: the observation is fixed, the action guided
        var obs = Tensor.FromArray([0.5f, -0.25f, 1.0f, 0.75f, -1.5f, 0.125f], 3, 2);
        var cond = new Conditioning(new Dictionary<int, Tensor> { [0] = obs }, 3, 1, 3, 1, DType.Float32);
        Reward curved = (x, t) => (x * x * x).Sum([1, 2]) + (x.Sin() * 0.5).Sum([1, 2]);
        var guide = new GuideOptions(0.3, TStopgrad: 6, NGuideSteps: 2, ScaleGradByStd: true);
        var loop = diff.PSampleLoop(3, cond, new Generator(5), reward: curved, guide: guide);

        var g = new Generator(5);
        Tensor x;
        using (Autograd.NoGrad()) x = cond.Apply(Tensor.RandN(g, [3, 1, 3]));
        for (int i = diff.Steps - 1; i >= 0; i--)
        {
            x = diff.GuidedPSample(x, [i, i, i], cond, curved, guide, g).X;
            using (Autograd.NoGrad()) x = cond.Apply(x);
        }
        TensorAssert.Identical(x, loop);
        // and the guide did act above t_stopgrad
        Assert.NotEqual(diff.PSampleLoop(3, cond, new Generator(5)).ToArrayFloat(), loop.ToArrayFloat());
    }

    [Fact]
    public void ProgressCallbackSeesEveryStepInOrder()
    {
        var diff = new GaussianDiffusion(new TinyDenoiser(2, new Generator(1)), 1, 2, 0, steps: 5);
        var seen = new List<int>();
        diff.PSampleLoop(3, Conditioning.None(3, 1, 2, DType.Float32), new Generator(1), (i, x) => seen.Add(i));
        Assert.Equal([4, 3, 2, 1, 0], seen);
    }

    [Fact]
    public void DdimWithAPerfectDenoiserReturnsTheDataPoint()
    {
        var diff = new GaussianDiffusion(new ConstantX0(0.3), 2, 1, 0, steps: 50);
        var x = diff.DdimSampleLoop(3, Conditioning.None(3, 2, 1, DType.Float64), new Generator(2), 10, DType.Float64);
        TensorAssert.Close(Tensor.Full([3, 2, 1], 0.3, DType.Float64), x, 1e-9, 1e-9);
    }

    private sealed class IdentityModel : ITrajectoryModel
    {
        public Tensor Forward(Tensor x, Tensor t) => x * 1.0;
        public IEnumerable<Parameter> Parameters() => [];
    }

    private sealed class ConstantX0(double v) : ITrajectoryModel
    {
        public Tensor Forward(Tensor x, Tensor t) => x * 0.0 + v;
        public IEnumerable<Parameter> Parameters() => [];
    }
}
