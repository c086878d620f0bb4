using Engine.Autodiff;
using Engine.Diffusion;
using Engine.NN;
using Engine.Rewards.Discriminator;
using Engine.Rewards.Evaluation;
using Engine.Testing;

namespace Engine.Rewards.Tests.Discriminator;

/// <summary>A denoiser that predicts x̂₀ = x_t; the discriminator trainer only uses the diffusion's schedule.</summary>
internal sealed class IdentityDenoiser : ITrajectoryModel
{
    public Tensor Forward(Tensor x, Tensor t) => x;
    public IEnumerable<Parameter> Parameters() => [];
}

internal static class TrendData
{
    public const int Horizon = 4, ObservationDim = 2, ActionDim = 1, Transition = 3;

    /// <summary>
    /// Episodes of 8 steps in which every channel follows x_h = s_c + slope·h + 0.1·ε (s_c ~ N(0, 0.5²)), windows of
    /// 4 steps. Slopes +1 and −1 span the same range, so each dataset's own limits normaliser is (nearly) the
    /// other's, and the classes differ in the direction of the trend — a linear feature of the window.
    /// </summary>
    public static SequenceDataset Make(ulong seed, int episodes, double slope)
    {
        var g = new Generator(seed);
        const int episodeLength = 8;
        var eps = new List<Episode>();
        for (int e = 0; e < episodes; e++)
        {
            var s = Enumerable.Range(0, Transition).Select(_ => 0.5 * g.NextNormal()).ToArray();
            double X(int h, int c) => s[c] + slope * h + 0.1 * g.NextNormal();
            var act = new double[episodeLength * ActionDim];
            var obs = new double[episodeLength * ObservationDim];
            for (int h = 0; h < episodeLength; h++)
            {
                act[h] = X(h, 0);
                for (int c = 0; c < ObservationDim; c++) obs[h * ObservationDim + c] = X(h, 1 + c);
            }
            eps.Add(new Episode(obs, act, episodeLength, ObservationDim, ActionDim));
        }
        return new SequenceDataset(eps, Horizon, maxPathLength: episodeLength, usePadding: false, rule: PaddingRule.Diffuser);
    }

    public static GaussianDiffusion Diffusion(int horizon = Horizon) => new(new IdentityDenoiser(), horizon, ObservationDim, ActionDim, steps: 20);

    /// <summary>A small maze-style reward network used as the discriminator: [batch, 4, 3], t → [batch, 1].</summary>
    public static SingleStepRewardMLP Net(ulong seed) => new(Horizon, Transition, new Generator(seed), dim: 4, embedDim: 8, dimMults: [4]);
}

public class DiscriminatorTests
{
    // EMA copies (every 10 steps) throughout these short runs: after the start step the average lags by about
    // updateEvery/(1 − β) = 2000 steps, far longer than a test trains.
    private static readonly DiscriminatorOptions Fast = new(BatchSize: 64, LearningRate: 3e-3, StepStartEma: 1000, UpdateEmaEvery: 10);

    private static double HeldOutBalancedAccuracy(DiscriminatorTrainer tr, SequenceDataset expert, SequenceDataset @base)
    {
        // t ∈ {0, 1} = the paper's evaluation range ⌊0.1·T⌋ for T = 20; decision rule logit > 0.
        var (logits, labels) = tr.Score(expert, @base, perClass: 400, tLimit: 2, new Generator(99));
        return new LogisticRegression(1, 0).BalancedAccuracy(logits, labels);
    }

    [Fact]
    public void SeparatesTwoDistributionsOnHeldOutData()
    {
        var tr = new DiscriminatorTrainer(TrendData.Diffusion(), TrendData.Net(1), TrendData.Net(2),
            TrendData.Make(10, 40, +1), TrendData.Make(11, 40, -1), new Generator(5), Fast);
        var losses = new List<double>();
        tr.Train(300, (_, l) => losses.Add(l));
        Assert.True(losses[^20..].Average() < losses[..20].Average(), $"loss {losses[..20].Average():F3} → {losses[^20..].Average():F3}");
        double acc = HeldOutBalancedAccuracy(tr, TrendData.Make(20, 40, +1), TrendData.Make(21, 40, -1));
        Assert.True(acc > 0.9, $"held-out balanced accuracy {acc:F3}");
    }

    [Fact]
    public void IsAtChanceForIdenticalDistributions()
    {
        var tr = new DiscriminatorTrainer(TrendData.Diffusion(), TrendData.Net(1), TrendData.Net(2),
            TrendData.Make(10, 40, +1), TrendData.Make(11, 40, +1), new Generator(5), Fast);
        tr.Train(300);
        double acc = HeldOutBalancedAccuracy(tr, TrendData.Make(20, 40, +1), TrendData.Make(21, 40, +1));
        Assert.InRange(acc, 0.35, 0.65);
    }

    [Fact]
    public void SameSeedGivesIdenticalWeights()
    {
        DiscriminatorTrainer Make() => new(TrendData.Diffusion(), TrendData.Net(1), TrendData.Net(2),
            TrendData.Make(10, 10, +1), TrendData.Make(11, 10, -1), new Generator(5), Fast with { StepStartEma = 10, UpdateEmaEvery = 5 });
        var a = Make();
        var b = Make();
        var la = Enumerable.Range(0, 20).Select(_ => a.TrainStep()).ToArray();
        var lb = Enumerable.Range(0, 20).Select(_ => b.TrainStep()).ToArray();
        Assert.Equal(la, lb);
        foreach (var (m, n) in new[] { (a.Model, b.Model), (a.EmaModel, b.EmaModel) })
            foreach (var (p, q) in ((Module)m).StateDict().Zip(((Module)n).StateDict()))
            {
                Assert.Equal(p.Key, q.Key);
                TensorAssert.Identical(p.Value, q.Value);
            }
        // A different seed gives different numbers.
        var c = new DiscriminatorTrainer(TrendData.Diffusion(), TrendData.Net(1), TrendData.Net(2),
            TrendData.Make(10, 10, +1), TrendData.Make(11, 10, -1), new Generator(6), Fast);
        Assert.NotEqual(la[0], c.TrainStep());
    }

    [Fact]
    public void SaveLoadResumesWithIdenticalLosses()
    {
        var expert = TrendData.Make(10, 10, +1);
        var @base = TrendData.Make(11, 10, -1);
        var opts = Fast with { StepStartEma = 8, UpdateEmaEvery = 2, ClipNorm = 1.0 };
        var a = new DiscriminatorTrainer(TrendData.Diffusion(), TrendData.Net(1), TrendData.Net(2), expert, @base, new Generator(5), opts);
        a.Train(12);
        var dir = Path.Combine(Path.GetTempPath(), "engine-disc-" + Guid.NewGuid().ToString("N"));
        try
        {
            var path = Path.Combine(dir, "disc.safetensors");
            Directory.CreateDirectory(dir);
            a.Save(path);
            var la = Enumerable.Range(0, 6).Select(_ => a.TrainStep()).ToArray();

            // Another initialisation and another seed: everything comes from the checkpoint.
            var b = new DiscriminatorTrainer(TrendData.Diffusion(), TrendData.Net(3), TrendData.Net(4), expert, @base, new Generator(77), opts);
            b.Load(path);
            Assert.Equal(12, b.Step);
            var lb = Enumerable.Range(0, 6).Select(_ => b.TrainStep()).ToArray();
            Assert.Equal(la, lb);
            var x = Tensor.RandN(new Generator(1), [3, 4, 3]);
            int[] t = [0, 5, 19];
            TensorAssert.Identical(a.Logits(x, t), b.Logits(x, t));
            TensorAssert.Identical(a.Logits(x, t, ema: false), b.Logits(x, t, ema: false));
            Assert.Equal([path], Directory.GetFiles(dir)); // no temporary file left behind
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }

    [Fact]
    public void BadInputsThrowArgumentExceptionsThatNameTheProblem()
    {
        var expert = TrendData.Make(10, 4, +1);
        var @base = TrendData.Make(11, 4, -1);
        var g = new Generator(1);
        // The diffusion's horizon (8) does not match the windows (4).
        var e = Assert.Throws<ArgumentException>(() => new DiscriminatorTrainer(TrendData.Diffusion(horizon: 8), TrendData.Net(1), TrendData.Net(2), expert, @base, g));
        Assert.Contains("expert dataset windows [4, 3]", e.Message);
        Assert.Contains("[8, 3]", e.Message);
        // Base data with a different transition dimension.
        var wide = new SequenceDataset([new Episode(new double[8 * 3], new double[8], 8, 3, 1)], 4, 8, usePadding: false);
        e = Assert.Throws<ArgumentException>(() => new DiscriminatorTrainer(TrendData.Diffusion(), TrendData.Net(1), TrendData.Net(2), expert, wide, g));
        Assert.Contains("base dataset windows [4, 4]", e.Message);
        foreach (int batch in new[] { 0, -2, 3 })
        {
            e = Assert.Throws<ArgumentException>(() => new DiscriminatorTrainer(TrendData.Diffusion(), TrendData.Net(1), TrendData.Net(2), expert, @base, g, new DiscriminatorOptions(BatchSize: batch)));
            Assert.Contains($"batchSize must be a positive even number", e.Message);
            Assert.Contains(batch.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Message);
        }
        e = Assert.Throws<ArgumentException>(() => new DiscriminatorTrainer(TrendData.Diffusion(), new Linear(3, 1, g), TrendData.Net(2), expert, @base, g));
        Assert.Contains("ITrajectoryModel", e.Message);
        // A network with two outputs per sample is not a binary classifier.
        var two = new ValueFunction(4, 3, new Generator(2), dim: 8, dimMults: [4], outDim: 2);
        var twoEma = new ValueFunction(4, 3, new Generator(3), dim: 8, dimMults: [4], outDim: 2);
        var tr = new DiscriminatorTrainer(TrendData.Diffusion(), two, twoEma, expert, @base, g, new DiscriminatorOptions(BatchSize: 4));
        e = Assert.Throws<ArgumentException>(() => tr.TrainStep());
        Assert.Contains("[4, 1]", e.Message);
        Assert.Contains("[4, 2]", e.Message);
        e = Assert.Throws<ArgumentException>(() => tr.Score(expert, @base, 0, 2, g));
        Assert.Contains("perClass", e.Message);
    }

    [Fact]
    public void BinaryCrossEntropyMatchesItsDefinitionAndIsStable()
    {
        double[] z = [-60, -3, -0.5, 0, 0.7, 4, 80];
        double[] y = [1, 0, 1, 0.5, 0, 1, 0];
        static double Softplus(double v) => Math.Max(v, 0) + Math.Log(1 + Math.Exp(-Math.Abs(v)));
        double expected = z.Zip(y).Average(p => Softplus(p.First) - p.Second * p.First);
        var loss = BinaryCrossEntropy.WithLogits(Tensor.FromArray(z, z.Length), Tensor.FromArray(y, y.Length));
        TensorAssert.Close(expected, loss.Item(), 1e-14);
        Assert.Equal(60.0, BinaryCrossEntropy.WithLogits(Tensor.FromArray(new double[] { -60 }, 1), Tensor.FromArray(new double[] { 1 }, 1)).Item(), 12);

        // ∂ℓ/∂z = (σ(z) − y)/n, and second order, against finite differences.
        var labels = Tensor.FromArray(y, y.Length);
        GradCheck.Check("bce_with_logits", xs => BinaryCrossEntropy.WithLogits(xs[0], labels), [Tensor.FromArray(new double[] { -2, -0.3, 0.1, 0, 0.7, 1.5, 3 }, 7)], new Generator(4));
        var leaf = Tensor.FromArray(z, z.Length).RequiresGrad();
        var grad = Autograd.Grad(BinaryCrossEntropy.WithLogits(leaf, labels), [leaf])[0].ToArrayDouble();
        for (int i = 0; i < z.Length; i++) Assert.Equal((1 / (1 + Math.Exp(-z[i])) - y[i]) / z.Length, grad[i], 12);

        var ls = BinaryCrossEntropy.LogSigmoid(Tensor.FromArray(new double[] { -1000, 0, 1000 }, 3)).ToArrayDouble();
        Assert.Equal([-1000, -Math.Log(2), 0], ls);
        Assert.Throws<ArgumentException>(() => BinaryCrossEntropy.WithLogits(Tensor.Zeros([3], DType.Float64), Tensor.Zeros([2], DType.Float64)));
    }

    [Fact]
    public void GuideIsTheLogProbabilityOfExpert()
    {
        var tr = new DiscriminatorTrainer(TrendData.Diffusion(), TrendData.Net(1), TrendData.Net(2),
            TrendData.Make(10, 4, +1), TrendData.Make(11, 4, -1), new Generator(5), Fast);
        tr.Train(3);
        var x = Tensor.RandN(new Generator(8), [5, 4, 3]);
        int[] t = [0, 1, 2, 10, 19];
        var tt = GaussianDiffusion.StepTensor(t, x);
        var logits = tr.Logits(x, t).ToArrayDouble();
        var guide = tr.AsGuide()(x, tt).ToArrayDouble();
        Assert.Equal(5, guide.Length);
        for (int i = 0; i < 5; i++) Assert.Equal(Math.Log(1 / (1 + Math.Exp(-logits[i]))), guide[i], 5);
        // Its gradient is (1 − σ(d))·∇ₓd.
        var leaf = x.Detach().RequiresGrad();
        var gGuide = Autograd.Grad(tr.AsGuide()(leaf, tt).Sum(), [leaf])[0];
        var leaf2 = x.Detach().RequiresGrad();
        var d = DiscriminatorGuide.Logits(tr.EmaModel, leaf2, tt);
        var gLogit = Autograd.Grad(d.Sum(), [leaf2])[0];
        var scale = Tensor.FromArray(logits.Select(l => (float)(1 - 1 / (1 + Math.Exp(-l)))).ToArray(), 5, 1, 1);
        TensorAssert.Close(gLogit * scale, gGuide, 1e-4, 1e-6);
    }
    /// <summary>Records the inputs of its last call; one logit per sample.</summary>
    private sealed class Recorder : Module, ITrajectoryModel
    {
        private readonly Parameter _b;
        public Recorder() => _b = RegisterParameter("b", Tensor.Zeros([1]))!;
        public double[] LastX { get; private set; } = [];
        public Tensor Forward(Tensor x, Tensor t)
        {
            LastX = x.Detach().ToArrayDouble();
            return x.Sum([1, 2]).Reshape(x.Shape[0], 1) * 0.0 + _b.Value;
        }
    }

    [Fact]
    public void ConditionNoisyKeepsTheFirstObservationClean()
    {
        // Constant observations normalise to −1 (a constant dimension has range 1); actions vary.
        var g = new Generator(3);
        SequenceDataset Flat() => new([new Episode(Enumerable.Repeat(0.3, 16).ToArray(), Enumerable.Range(0, 8).Select(_ => g.NextNormal()).ToArray(), 8, 2, 1)], 4, 8, usePadding: false);
        foreach (bool condition in new[] { false, true })
        {
            var net = new Recorder();
            var tr = new DiscriminatorTrainer(TrendData.Diffusion(), net, new Recorder(), Flat(), Flat(), new Generator(1),
                new DiscriminatorOptions(BatchSize: 8, ConditionNoisy: condition));
            tr.TrainStep();
            var first = Enumerable.Range(0, 8).SelectMany(b => new[] { net.LastX[b * 12 + 1], net.LastX[b * 12 + 2] }).ToArray();
            Assert.Equal(condition, first.All(v => v == -1.0));
            // Later steps are noised either way.
            Assert.Contains(net.LastX.Where((_, i) => i % 12 >= 3 && i % 3 != 0), v => v != -1.0);
        }
    }
}
