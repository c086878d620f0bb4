using Engine.Autodiff;
using Engine.Testing;

namespace Engine.NN.Tests;

public class ModuleTests
{
    [Fact]
    public void TemporalUnetHasDiffuserStateNamesAndTheReferenceParameterCount()
    {
        // W4's network (peer README): 3,954,502 parameters in PyTorch.
        var net = new TemporalUnet(128, 6, new Generator(0), dim: 32, dimMults: [1, 2, 4, 8]);
        Assert.Equal(3_954_502, net.ParameterCount());
        var names = net.NamedParameters().Select(p => p.Name).ToHashSet();
        foreach (var n in new[]
        {
            "time_mlp.1.weight", "time_mlp.3.bias",
            "downs.0.0.blocks.0.block.0.weight", "downs.0.0.blocks.0.block.2.weight", "downs.0.0.time_mlp.1.weight",
            "downs.0.0.residual_conv.weight", "downs.0.3.conv.weight", "mid_block1.blocks.1.block.2.bias",
            "ups.0.0.blocks.0.block.0.weight", "ups.2.3.conv.weight", "final_conv.0.block.0.weight", "final_conv.1.bias",
        })
            Assert.Contains(n, names);
        Assert.DoesNotContain("downs.0.1.residual_conv.weight", names);
        Assert.DoesNotContain("downs.3.3.conv.weight", names);
        // ConvTranspose weight layout [in, out/groups, k].
        Assert.Equal([32, 32, 4], net.NamedParameters().Single(p => p.Name == "ups.2.3.conv.weight").Parameter.Shape);
    }

    [Fact]
    public void MazeBranchLayoutPutsTheDownsampleAtIndexTwo()
    {
        var net = new TemporalUnet(16, 6, new Generator(0), dim: 8, dimMults: [1, 2], attentionSlots: false);
        var names = net.NamedParameters().Select(p => p.Name).ToList();
        Assert.Contains("downs.0.2.conv.weight", names);
        Assert.Contains("ups.0.2.conv.weight", names);
    }

    [Fact]
    public void RelativeRewardValueFunctionMatchesTheSpecifiedHead()
    {
        var g = new Generator(0);
        foreach (var h in new[] { 32, 4 })
        {
            var vf = ValueFunction.RelativeReward(h, 23, g);
            Assert.Equal(32, vf.FcDim);
            var p = vf.NamedParameters().ToDictionary(x => x.Name, x => x.Parameter.Shape);
            Assert.Equal([16, 36], p["final_block.0.weight"]);
            Assert.Equal([1, 16], p["final_block.2.weight"]);
            Assert.Equal([16, 4], p["time_mlp.1.weight"]);
            Assert.Equal([64, 23, 5], p["blocks.0.0.blocks.0.block.0.weight"]);
            Assert.Equal([64, 128, 5], p["mid_block1.blocks.0.block.0.weight"]);
            var y = vf.Forward(Tensor.Zeros([3, h, 23]), Tensor.FromArray(new[] { 0, 5, 19 }, 3));
            Assert.Equal([3, 1], y.Shape);
        }
    }

    [Fact]
    public void SingleStepRewardMlpInputWidths()
    {
        var g = new Generator(0);
        foreach (var (h, width) in new[] { (1, 38), (4, 56), (64, 416) })
        {
            var m = new SingleStepRewardMLP(h, 6, g);
            var p = m.NamedParameters().ToDictionary(x => x.Name, x => x.Parameter.Shape);
            Assert.Equal([128, width], p["mlp.0.0.weight"]);
            Assert.Equal([64, 128], p["mlp.1.0.weight"]);
            Assert.Equal([1, 32], p["mlp.3.0.weight"]);
            Assert.Equal([1, 1], p["mlp.4.weight"]);
            Assert.Equal([1], p["mlp.4.bias"]);
            Assert.Equal(5, p.Keys.Count(k => k.StartsWith("mlp.") && k.EndsWith(".weight")));
        }
    }

    [Fact]
    public void StridedWindowsAreStridedAndAveraged()
    {
        // A window network that returns its window's first element exposes which steps each window holds.
        var probe = new FirstElement(4, 1);
        var r = new StridedWindowReward(probe, 4);
        var x = Tensor.Arange(16, DType.Float64).Reshape(1, 16, 1);
        var y = r.Forward(x, Tensor.FromArray(new[] { 0 }, 1));
        // windows k = 0…3 start at steps 0, 1, 2, 3 (not 0, 4, 8, 12): mean 1.5.
        Assert.Equal(1.5, y.Item());
    }

    /// <summary>
    /// The shared-step path (time embedding and its share of the first layer once per trajectory) is the per-window
    /// composite rearranged: in float64 the reward, ∂Σr/∂x and the alignment loss's parameter gradients (second
    /// order) agree to rounding, for both activations.
    /// </summary>
    [Theory]
    [InlineData("mish")]
    [InlineData("leaky-relu")]
    public void SharedStepWindowsEqualThePerWindowComposite(string activation)
    {
        var g = new Generator(11);
        Func<Layer> act = activation == "mish" ? () => new Mish() : () => new LeakyReLU();
        var window = new SingleStepRewardMLP(4, 6, g, activation: act, dtype: DType.Float64);
        var reward = new StridedWindowReward(window, 4);
        var x = Tensor.RandN(g, [3, 12, 6], DType.Float64);
        var d = Tensor.RandN(g, [3, 12, 6], DType.Float64);
        var t = Tensor.FromArray(new[] { 0, 7, 19 }, 3);
        Tensor Composite(Tensor xs)
        {
            var windows = xs.Reshape(3, 4, 3, 6).Permute(0, 2, 1, 3).Reshape(9, 4, 6);
            return window.Forward(windows, t.Unsqueeze(1).Expand(3, 3).Reshape(9)).Reshape(3, 3).Mean(1, keepDim: true);
        }
        (Tensor R, Tensor G, Tensor[] Grads) Run(Func<Tensor, Tensor> f)
        {
            var xl = x.RequiresGrad();
            var r = f(xl);
            var gx = Engine.Autodiff.Autograd.Grad(r.Sum(), [xl], createGraph: true)[0];
            var loss = (gx - d).Square().Mean();
            return (r, gx, Engine.Autodiff.Autograd.Grad(loss, window.Parameters().Select(p => p.Value).ToArray(), allowUnused: true));
        }
        var shared = Run(xs => reward.Forward(xs, t));
        var composite = Run(Composite);
        TensorAssert.Close(composite.R, shared.R, 1e-12, 1e-14);
        TensorAssert.Close(composite.G, shared.G, 1e-12, 1e-14);
        // Relative to each gradient's largest entry: the two sums round differently, and an entry that cancels to
        // near zero keeps only that rounding.
        for (int i = 0; i < shared.Grads.Length; i++)
            TensorAssert.Close(composite.Grads[i], shared.Grads[i], 1e-9, 1e-12 * composite.Grads[i].Abs().Max().Item());
    }

    private sealed class FirstElement(int h, int c) : Module, ITrajectoryModel
    {
        public Tensor Forward(Tensor x, Tensor t)
        {
            Assert.Equal([x.Shape[0], h, c], x.Shape);
            return x.Select(1, 0).Select(1, 0).Unsqueeze(1);
        }
    }

    [Fact]
    public void InitialisationBoundsFollowPyTorch()
    {
        var l = new Linear(100, 50, new Generator(3));
        var w = l.Weight.Value.ToArrayFloat();
        Assert.True(w.Max() <= 0.1f && w.Min() >= -0.1f);
        Assert.True(w.Max() > 0.09f && w.Min() < -0.09f);
        var c = new ConvTranspose1d(8, 4, 4, new Generator(3));
        Assert.True(c.Weight.Value.ToArrayFloat().Max() <= (float)(1 / Math.Sqrt(16)));
        var gn = new GroupNorm(2, 4);
        Assert.Equal(new float[] { 1, 1, 1, 1 }, gn.Weight!.Value.ToArrayFloat());
    }

    [Fact]
    public void SameSeedSameNumbers()
    {
        Tensor Run() => new TemporalUnet(8, 3, new Generator(42), dim: 8, dimMults: [1, 2]).Forward(Tensor.RandN(new Generator(1), [2, 8, 3]), Tensor.FromArray(new[] { 1, 2 }, 2));
        TensorAssert.Identical(Run(), Run());
    }

    [Fact]
    public void BadInputsNameTheLayerAndShapes()
    {
        var g = new Generator(0);
        var e = Assert.Throws<ArgumentException>(() => new Linear(3, 4, g).Forward(Tensor.Zeros([2, 5])));
        Assert.Contains("Linear(3→4)", e.Message);
        Assert.Contains("[2, 5]", e.Message);
        e = Assert.Throws<ArgumentException>(() => new TemporalUnet(10, 3, g, dim: 8, dimMults: [1, 2, 4]));
        Assert.Contains("divisible", e.Message);
        e = Assert.Throws<ArgumentException>(() => new Conv1d(4, 8, 3, g).Forward(Tensor.Zeros([1, 3, 10])));
        Assert.Contains("[1, 3, 10]", e.Message);
    }

    [Fact]
    public void DropoutTrainEvalAndDeterminism()
    {
        var x = Tensor.Ones([1000]);
        var d1 = new Dropout(0.3, new Generator(5));
        var d2 = new Dropout(0.3, new Generator(5));
        var a = d1.Forward(x);
        TensorAssert.Identical(a, d2.Forward(x));
        var v = a.ToArrayFloat();
        Assert.All(v, e => Assert.True(e == 0 || Math.Abs(e - 1 / 0.7f) < 1e-6));
        Assert.InRange(v.Count(e => e == 0), 230, 370);
        d1.Eval();
        TensorAssert.Identical(x, d1.Forward(x));
    }

    [Fact]
    public void WithParametersRestoresAndIsDifferentiable()
    {
        var l = new Linear(2, 1, new Generator(0), bias: false);
        var before = l.Weight.Value;
        var w = Tensor.FromArray(new float[] { 2, 3 }, 1, 2).RequiresGrad();
        var y = l.WithParameters([w], () => l.Forward(Tensor.FromArray(new float[] { 5, 7 }, 1, 2)));
        Assert.Equal(31f, y.Item(), 5);
        Assert.Same(before, l.Weight.Value);
        Assert.Equal(new float[] { 5, 7 }, Autograd.Grad(y.Sum(), [w])[0].ToArrayFloat());
    }

    /// <summary>The public time embedding is SinusoidalPosEmb → Linear → act → Linear with the module's own weights.</summary>
    [Fact]
    public void RewardMlpTimeEmbeddingIsTheReferenceTimeMlp()
    {
        var m = new SingleStepRewardMLP(2, 3, new Generator(1), embedDim: 8, dimMults: [2], dtype: DType.Float64);
        var t = Tensor.FromArray(new[] { 0, 3, 40 });
        var p = m.StateDict();
        var h = new SinusoidalPosEmb(8).Forward(t, DType.Float64).MatMul(p["time_mlp.1.weight"].T) + p["time_mlp.1.bias"];
        h = (h.Relu() - (-h).Relu() * 0.01).MatMul(p["time_mlp.3.weight"].T) + p["time_mlp.3.bias"];   // LeakyReLU(0.01)
        TensorAssert.Close(h, m.TimeEmbedding(t, DType.Float64), 1e-12, 1e-12);
        Assert.Equal([3, 8], m.TimeEmbedding(t, DType.Float64).Shape);
        var vf = new ValueFunction(8, 3, new Generator(2), dim: 4, dimMults: [4, 8]);
        Assert.Equal([3, 4], vf.TimeEmbedding(t, DType.Float32).Shape);
        var unet = new TemporalUnet(8, 3, new Generator(3), dim: 8, dimMults: [1, 2]);
        Assert.Equal([3, 8], unet.TimeEmbedding(t, DType.Float32).Shape);
    }
}
