using Engine.Autodiff;
using Engine.Testing;

namespace Engine.NN.Tests;

public class OptimTests
{
    private sealed class Holder : Module
    {
        public Holder(Tensor v) => P = RegisterParameter("p", v)!;
        public Parameter P { get; }
    }

    [Fact]
    public void AdamFirstStepMovesEachCoordinateByLr()
    {
        // With bias correction, step 1 is p − lr·g/(|g| + ε·…): every coordinate moves by ≈ lr against its gradient's sign.
        var h = new Holder(Tensor.FromArray(new double[] { 1, -2, 3 }, 3));
        var opt = new Adam(h.Parameters(), lr: 0.1);
        h.P.Grad = Tensor.FromArray(new double[] { 5, -0.01, 0 }, 3);
        opt.Step();
        TensorAssert.Close(Tensor.FromArray(new double[] { 0.9, -1.9, 3 }, 3), h.P.Value, 1e-6, 1e-6);
    }

    [Fact]
    public void AdamMinimisesAQuadratic()
    {
        var h = new Holder(Tensor.FromArray(new double[] { 3, -4 }, 2));
        var opt = new Adam(h.Parameters(), lr: 0.05);
        for (int i = 0; i < 400; i++)
        {
            opt.ZeroGrad();
            h.P.Value.Square().Sum().Backward();
            opt.Step();
        }
        Assert.True(h.P.Value.Abs().Max().Item() < 0.05);
    }

    [Fact]
    public void StepsInsideDisposeScopesMatchPlainSteps()
    {
        // Parameters and moments leave the step's scope; replaced values go back to the pool; the numbers
        // are the same as without any scope.
        double[] Run(bool scoped)
        {
            var h = new Holder(Tensor.RandN(new Generator(5), [2048], DType.Float64));
            var opt = new Adam(h.Parameters(), lr: 0.01) { DisposeReplacedValues = scoped };
            var sgdHolder = new Holder(Tensor.RandN(new Generator(6), [2048], DType.Float64));
            var sgd = new Sgd(sgdHolder.Parameters(), lr: 0.01, momentum: 0.9);
            for (int i = 0; i < 5; i++)
            {
                using var scope = scoped ? Tensor.Scope() : null;
                opt.ZeroGrad();
                sgd.ZeroGrad();
                (h.P.Value.Sin() * h.P.Value).Sum().Backward();
                sgdHolder.P.Value.Square().Sum().Backward();
                opt.Step();
                sgd.Step();
            }
            return [.. h.P.Value.ToArrayDouble(), .. sgdHolder.P.Value.ToArrayDouble()];
        }
        Assert.Equal(Run(false), Run(true));
    }

    [Fact]
    public void DisposeReplacedValuesFreesOnlyTheOptimisersOwnResults()
    {
        var initial = Tensor.Ones([4], DType.Float64);
        var h = new Holder(initial);
        var opt = new Adam(h.Parameters(), lr: 0.1) { DisposeReplacedValues = true };
        h.P.Grad = Tensor.Ones([4], DType.Float64);
        opt.Step();
        var first = h.P.Value;
        h.P.Grad = Tensor.Ones([4], DType.Float64);
        opt.Step();
        Assert.Equal(4.0, initial.Sum().Item());                      // the caller's tensor is untouched
        Assert.Throws<ObjectDisposedException>(() => first.Sum());    // the optimiser's own old value is freed
        h.P.Value = Tensor.Zeros([4], DType.Float64);
        var installed = h.P.Value;
        h.P.Grad = Tensor.Ones([4], DType.Float64);
        opt.Step();
        Assert.Equal(0.0, installed.Sum().Item());                    // a value someone else installed is not
    }

    [Theory]
    [InlineData(DType.Float32, 0.0)]
    [InlineData(DType.Float64, 0.01)]
    public void FusedAdamGivesTheBitsOfTheTensorOpForm(DType dtype, double weightDecay)
    {
        // The CPU runs Adam as one fused pass; it must reproduce the documented tensor-op recurrence exactly.
        var g = new Generator(9);
        var p0 = Tensor.RandN(g, [3000], dtype);
        var grads = Enumerable.Range(0, 3).Select(_ => Tensor.RandN(g, [3000], dtype)).ToArray();
        var h = new Holder(p0);
        var opt = new Adam(h.Parameters(), lr: 0.01, beta1: 0.8, beta2: 0.95, eps: 1e-6, weightDecay: weightDecay);
        Tensor p = p0, m = null!, v = null!;
        for (int t = 1; t <= 3; t++)
        {
            h.P.Grad = grads[t - 1];
            opt.Step();
            var gt = weightDecay != 0 ? grads[t - 1] + p * weightDecay : grads[t - 1];
            m = t == 1 ? gt * (1 - 0.8) : m * 0.8 + gt * (1 - 0.8);
            v = t == 1 ? gt.Square() * (1 - 0.95) : v * 0.95 + gt.Square() * (1 - 0.95);
            var denom = v.Sqrt() * (1 / Math.Sqrt(1 - Math.Pow(0.95, t))) + 1e-6;
            p = p - m / denom * (0.01 / (1 - Math.Pow(0.8, t)));
            Assert.Equal(p.ToArrayDouble(), h.P.Value.ToArrayDouble());
        }
    }

    [Fact]
    public void SgdWithMomentumFollowsTheRecurrence()
    {
        var h = new Holder(Tensor.FromArray(new double[] { 1 }, 1));
        var opt = new Sgd(h.Parameters(), lr: 0.1, momentum: 0.9);
        // L = p²/2 → g = p. b1 = g1; p1 = 1 − 0.1·1 = 0.9; b2 = 0.9·1 + 0.9 = 1.8; p2 = 0.9 − 0.18 = 0.72.
        for (int i = 0; i < 2; i++)
        {
            opt.ZeroGrad();
            (h.P.Value.Square().Sum() * 0.5).Backward();
            opt.Step();
        }
        Assert.Equal(0.72, h.P.Value.Item(), 12);
    }

    [Fact]
    public void ClippingByValueAndByNorm()
    {
        var h = new Holder(Tensor.FromArray(new double[] { 0, 0 }, 2));
        h.P.Grad = Tensor.FromArray(new double[] { 3, -4 }, 2);
        Assert.Equal(5.0, GradClip.ClipByNorm(h.Parameters(), 1.0), 12);
        TensorAssert.Close(Tensor.FromArray(new double[] { 0.6, -0.8 }, 2), h.P.Grad!, 1e-6);
        h.P.Grad = Tensor.FromArray(new double[] { 3, -0.5 }, 2);
        GradClip.ClipByValue(h.Parameters(), 1.0);
        TensorAssert.Identical(Tensor.FromArray(new double[] { 1, -0.5 }, 2), h.P.Grad!);
    }

    [Fact]
    public void EmaCopiesBeforeTheStartStepThenAverages()
    {
        var model = new Holder(Tensor.FromArray(new double[] { 0 }, 1));
        var ema = new Holder(Tensor.FromArray(new double[] { 0 }, 1));
        var e = new Ema(model, ema, decay: 0.9, startStep: 20, updateEvery: 10);
        model.P.Value = Tensor.FromArray(new double[] { 1 }, 1);
        e.Step(5);   // not a multiple of 10: nothing
        Assert.Equal(0.0, ema.P.Value.Item());
        e.Step(10);  // before the start: copy
        Assert.Equal(1.0, ema.P.Value.Item());
        model.P.Value = Tensor.FromArray(new double[] { 2 }, 1);
        e.Step(20);  // average: 0.9·1 + 0.1·2
        Assert.Equal(1.1, ema.P.Value.Item(), 12);
    }

    [Fact]
    public void StepLeavesParametersAsLeavesWithoutGradients()
    {
        var h = new Holder(Tensor.FromArray(new double[] { 1 }, 1));
        var opt = new Adam(h.Parameters());
        h.P.Value.Square().Sum().Backward();
        opt.Step();
        Assert.True(h.P.Value.IsLeaf && h.P.Value.RequiresGradient);
        Assert.Null(h.P.Grad);
        Assert.Throws<ArgumentException>(() => new Adam([], 1e-3));
        using (Autograd.NoGrad()) Assert.False(Autograd.IsRecording);
    }
    /// <summary>A fresh optimiser given another's state dict continues with the same updates (Adam and SGD).</summary>
    [Fact]
    public void OptimizerStateDictResumesTheSameTrajectory()
    {
        foreach (var make in new Func<IEnumerable<Parameter>, Optimizer>[] { ps => new Adam(ps, lr: 0.05), ps => new Sgd(ps, lr: 0.05, momentum: 0.9) })
        {
            Holder Fresh() => new(Tensor.FromArray(new double[] { 3, -4 }, 2));
            void Run(Holder h, Optimizer o, int n)
            {
                for (int i = 0; i < n; i++)
                {
                    o.ZeroGrad();
                    (h.P.Value.Square().Sum() + h.P.Value.Sum()).Backward();
                    o.Step();
                }
            }
            var a = Fresh();
            var oa = make(a.Parameters());
            Run(a, oa, 5);
            var state = oa.StateDict();
            var b = Fresh();
            b.P.Value = a.P.Value.Detach().Clone();
            var ob = make(b.Parameters());
            // PyTorch writes step counters as int64: they load the same as the int32 ones written here.
            var fromTorch = state.ToDictionary(kv => kv.Key, kv => kv.Value.DType == DType.Int32 ? kv.Value.Cast(DType.Int64) : kv.Value);
            Assert.Contains(fromTorch.Values, v => v.DType == DType.Int64);
            ob.LoadStateDict(fromTorch);
            Assert.Equal(5, ob.StepCount);
            Run(a, oa, 4);
            Run(b, ob, 4);
            TensorAssert.Identical(a.P.Value, b.P.Value);
        }
        var opt = new Adam(new Holder(Tensor.FromArray(new double[] { 1, 2 }, 2)).Parameters());
        var bad = new Dictionary<string, Tensor> { ["0.exp_avg"] = Tensor.Zeros([3], DType.Float64), ["0.exp_avg_sq"] = Tensor.Zeros([3], DType.Float64) };
        var e = Assert.Throws<InvalidDataException>(() => opt.LoadStateDict(bad));
        Assert.Contains("[3]", e.Message);
    }
}
