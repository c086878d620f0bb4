using Engine.Autodiff;

namespace Engine.NN.Tests;

/// <summary>
/// Outputs and gradients against PyTorch (tests/fixtures/make_golden.py; the fixtures are committed).
/// Each fixture holds the PyTorch module's weights under their state_dict names, which load directly.
/// </summary>
public class GoldenTests
{
    private sealed record Fixture(Dictionary<string, Tensor> Weights, Dictionary<string, Tensor> Io, Dictionary<string, Tensor> Grads);

    private static Fixture Load(string name)
    {
        var all = SafeTensors.Load(Path.Combine(AppContext.BaseDirectory, "fixtures", name + ".safetensors"));
        Dictionary<string, Tensor> Pick(string prefix) => all.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value);
        return new Fixture(all.Where(kv => !kv.Key.StartsWith("io.") && !kv.Key.StartsWith("grad.")).ToDictionary(), Pick("io."), Pick("grad."));
    }

    /// <summary>float32 agreement: |a − e| ≤ rtol·|e| + atol·max(1, max|e|).</summary>
    private static void Close(string what, Tensor expected, Tensor? actual, double rtol = 1e-4, double atol = 1e-5)
    {
        var e = expected.ToArrayDouble();
        var a = actual?.ToArrayDouble() ?? new double[e.Length];
        // A missing gradient means zero (PyTorch's None; the fixture stores zeros).
        if (actual != null && !expected.Shape.SequenceEqual(actual.Shape)) Assert.Fail($"{what}: shape {ShapeFormat.Of(expected)} vs {ShapeFormat.Of(actual)}");
        double scale = Math.Max(1, e.Select(Math.Abs).DefaultIfEmpty(0).Max());
        for (int i = 0; i < e.Length; i++)
            Assert.True(Math.Abs(a[i] - e[i]) <= rtol * Math.Abs(e[i]) + atol * scale, $"{what}[{i}]: PyTorch {e[i]:G9}, ours {a[i]:G9}");
    }

    private static void CheckParameterGrads(Module m, Fixture f)
    {
        Assert.Equal(f.Grads.Keys.Order(), m.NamedParameters().Select(p => p.Name).Order());
        foreach (var (name, p) in m.NamedParameters()) Close("grad " + name, f.Grads[name], p.Grad);
    }

    /// <summary>
    /// Deep networks are compared twice: in float32 (the output, within float32 tolerance) and in float64
    /// (output and every gradient). Through a dozen layers our float32 rounding and PyTorch's differ in
    /// summation order (GEMM blocking), which can exceed a tight bound on small cancelling gradients;
    /// float64 on our side leaves only PyTorch's own float32 error.
    /// </summary>
    private static void UnetCase(TemporalUnet net, Fixture f) => UnetCase(net, net.Forward, f);

    private static void UnetCase(Module net, Func<Tensor, Tensor, Tensor> forward, Fixture f)
    {
        net.LoadStateDict(f.Weights);
        Close("y (float32)", f.Io["y"], forward(f.Io["x"], f.Io["t"]), 1e-4, 1e-5);
        net.To(DType.Float64);
        var x = f.Io["x"].Cast(DType.Float64).RequiresGrad();
        var y = forward(x, f.Io["t"]);
        Close("y", f.Io["y"], y);
        (y * f.Io["w"].Cast(DType.Float64)).Sum().Backward();
        Close("dx", f.Io["dx"], x.Grad);
        CheckParameterGrads(net, f);
    }

    [Fact]
    public void TemporalUnetForwardAndGradients() =>
        UnetCase(new TemporalUnet(16, 6, new Generator(0), dim: 8, dimMults: [1, 2]), Load("temporal_unet"));

    [Fact]
    public void TemporalUnetWithAttentionForwardAndGradients()
    {
        var net = new TemporalUnet(8, 5, new Generator(0), dim: 8, dimMults: [1, 2], attention: true);
        Assert.Contains("downs.0.2.fn.fn.to_qkv.weight", net.NamedParameters().Select(p => p.Name));
        UnetCase(net, Load("temporal_unet_attention"));
    }

    /// <summary>
    /// denoising-diffusion-pytorch's U-Net (attention off): every state name loads, and the output, input
    /// gradient and parameter gradients match (2-D convolutions 7×7, 3×3 and 1×1, group norm on images,
    /// scale-shift time conditioning, pixel-unshuffle and nearest-upsample resampling).
    /// </summary>
    [Fact]
    public void UNet2DForwardAndGradients()
    {
        var net = new UNet2D(new Generator(0), dim: 8, dimMults: [1, 2], channels: 3, groups: 4);
        Assert.Contains("downs.0.3.1.weight", net.NamedParameters().Select(p => p.Name));
        UnetCase(net, net.Forward, Load("unet2d"));
    }

    [Fact]
    public void Conv2dFamilyMatchesPyTorch()
    {
        var io = Load("conv2d_family").Io;
        var x = io["x"];
        Close("conv2d", io["conv"], Tensor.Conv2d(x, io["w"], io["b"], (2, 1), (1, 2), (2, 1), groups: 2));
        Close("conv_transpose2d", io["convt"], Tensor.ConvTranspose2d(x, io["wt"], null, (2, 3), (1, 0), (1, 2), (1, 1), groups: 2));
        Close("avg_pool2d", io["avg"], x.AvgPool2d((3, 2), (2, 1), (1, 1)));
        Close("avg_pool2d 2x2", io["avg2"], x.AvgPool2d(2));
        Close("upsample_nearest2d", io["up"], x.UpsampleNearest2d(2));
    }

    /// <summary>The paper's reward loss: g = ∂Σr/∂x with the graph kept, L = mean((g − d)²), backward to θ (second order).</summary>
    private static void Alignment(Module model, ITrajectoryModel reward, Fixture f)
    {
        model.LoadStateDict(f.Weights);
        var x = f.Io["x"].RequiresGrad();
        var r = reward.Forward(x, f.Io["t"]);
        Close("r", f.Io["r"], r);
        var g = Autograd.Grad(r.Sum(), [x], createGraph: true)[0];
        Close("g", f.Io["g"], g);
        var loss = (g - f.Io["d"]).Square().Mean();
        Close("loss", f.Io["loss"], loss.Reshape(1));
        loss.Backward();
        CheckParameterGrads(model, f);
    }

    [Fact]
    public void ValueFunctionRewardAlignmentGradient()
    {
        var vf = new ValueFunction(8, 6, new Generator(0), dim: 4, dimMults: [4, 8], activation: () => new LeakyReLU());
        Alignment(vf, vf, Load("value_function"));
    }

    [Fact]
    public void RewardMlpAlignmentGradient()
    {
        var mlp = new SingleStepRewardMLP(4, 6, new Generator(0));
        Alignment(mlp, mlp, Load("reward_mlp"));
    }

    /// <summary>
    /// W8's reward: Mish windows over a sequence, scored through the shared-step path (time embedding and its share of
    /// the first layer once per trajectory), against PyTorch's per-window composite.
    /// </summary>
    [Fact]
    public void WindowedMishRewardAlignmentGradient()
    {
        var window = new SingleStepRewardMLP(4, 6, new Generator(0), activation: () => new Mish());
        var reward = new StridedWindowReward(window, 4);
        Alignment(reward, reward, Load("windowed_reward_mish"));
    }

    [Fact]
    public void GroupNormForwardAndGradients()
    {
        var f = Load("group_norm");
        var gn = new GroupNorm(4, 8);
        gn.LoadStateDict(f.Weights);
        var x = f.Io["x"].RequiresGrad();
        var y = gn.Forward(x);
        Close("y", f.Io["y"], y);
        (y * f.Io["w"]).Sum().Backward();
        Close("dx", f.Io["dx"], x.Grad);
        CheckParameterGrads(gn, f);
    }

    [Theory]
    [InlineData("conv_transpose1d")]
    [InlineData("conv_transpose1d_grouped")]
    public void ConvTranspose1dForwardAndGradients(string name)
    {
        var f = Load(name);
        var ct = name == "conv_transpose1d"
            ? new ConvTranspose1d(6, 4, 4, new Generator(0), stride: 2, padding: 1)
            : new ConvTranspose1d(4, 6, 3, new Generator(0), stride: 3, padding: 1, outputPadding: 1, dilation: 2, groups: 2);
        ct.LoadStateDict(f.Weights);
        var x = f.Io["x"].RequiresGrad();
        var y = ct.Forward(x);
        Close("y", f.Io["y"], y);
        (y * f.Io["w"]).Sum().Backward();
        Close("dx", f.Io["dx"], x.Grad);
        CheckParameterGrads(ct, f);
    }

    private sealed class Holder : Module
    {
        public Holder(Tensor v) => P = RegisterParameter("p", v)!;
        public Parameter P { get; }
    }

    [Fact]
    public void AdamAndClipGradNormMatchTorchOptim()
    {
        var f = Load("adam");
        var h = new Holder(f.Io["p0"]);
        var opt = new Adam(h.Parameters(), lr: 0.1, beta1: 0.8, beta2: 0.95, eps: 1e-6, weightDecay: 0.1);
        for (int k = 0; k < 3; k++)
        {
            h.P.Grad = f.Io["grads"].Select(0, k).Contiguous();
            opt.Step();
            Close($"p after step {k + 1}", f.Io["values"].Select(0, k), h.P.Value, 1e-6, 1e-6);
        }
        var q = new Holder(Tensor.Zeros([4]));
        q.P.Grad = f.Io["clip_in"];
        double total = GradClip.ClipByNorm(q.Parameters(), 1.5);
        Close("clip total", f.Io["clip_total"], Tensor.FromArray(new[] { (float)total }, 1), 1e-6, 1e-6);
        Close("clipped grad", f.Io["clip_out"], q.P.Grad, 1e-6, 1e-6);
    }
}
