using Engine.Backends.Cpu;

namespace Engine.Backends.Ilgpu.Tests;

/// <summary>The device's fused Adam (<see cref="IFusedOptimizerBackend"/>) against its tensor-op definition and the CPU's kernel.</summary>
[Collection(BackendCollection.Name)]
public sealed class FusedAdamTests(BackendFixture fx)
{
    [Theory]
    [InlineData(DType.Float32, 0.0)]
    [InlineData(DType.Float64, 0.01)]
    public void TwoStepsEqualTheTensorOpFormAndTheCpuKernel(DType dtype, double weightDecay)
    {
        Assert.IsAssignableFrom<IFusedOptimizerBackend>(fx.Backend);
        const double beta1 = 0.9, beta2 = 0.999, eps = 1e-8, lr = 1e-3;
        var g = new Generator(4);
        // A strided parameter (a transposed view) so the contiguous copies and sub-view offsets are exercised.
        var p0 = Tensor.RandN(g, [5, 7]).Cast(dtype).Transpose(0, 1);
        var grads = new[] { Tensor.RandN(g, [7, 5]).Cast(dtype), Tensor.RandN(g, [7, 5]).Cast(dtype) };
        (Tensor P, Tensor? M, Tensor? V) fused = (p0, null, null), composite = (p0, null, null);
        (Tensor P, Tensor? M, Tensor? V) cpu = (p0.To(CpuBackend.Instance), null, null);
        for (int t = 1; t <= 2; t++)
        {
            var c = new AdamCoefficients(beta1, beta2, eps, weightDecay, lr / (1 - Math.Pow(beta1, t)), 1 / Math.Sqrt(1 - Math.Pow(beta2, t)));
            Assert.True(OptimizerKernels.TryAdam(fused.P, grads[t - 1], fused.M, fused.V, c, out var fp, out var fm, out var fv));
            fused = (fp, fm, fv);
            Assert.True(OptimizerKernels.TryAdam(cpu.P, grads[t - 1].To(CpuBackend.Instance), cpu.M, cpu.V, c, out var cp, out var cm, out var cv));
            cpu = (cp, cm, cv);
            // Adam's fallback, op for op (Engine.NN.Adam.Update).
            var gr = weightDecay != 0 ? grads[t - 1] + composite.P * weightDecay : grads[t - 1];
            var m = composite.M is Tensor m0 ? m0 * beta1 + gr * (1 - beta1) : gr * (1 - beta1);
            var v = composite.V is Tensor v0 ? v0 * beta2 + gr.Square() * (1 - beta2) : gr.Square() * (1 - beta2);
            var denom = v.Sqrt() * c.InvSqrtBias2 + eps;
            composite = (composite.P - m / denom * c.StepSize, m, v);
        }
        Assert.Same(fx.Backend, fused.P.Backend);
        foreach (var (f, o, name) in new[] { (fused.P, composite.P, "p"), (fused.M!, composite.M!, "m"), (fused.V!, composite.V!, "v") })
            BothBackends.Close($"{name} against the tensor-op form", o.ToArrayDouble(), f.ToArrayDouble(), fx.OnGpu ? 1e-6 : 0);
        BothBackends.Close("p against the CPU kernel", cpu.P.ToArrayDouble(), fused.P.ToArrayDouble(), fx.OnGpu ? 1e-6 : 0);
        Assert.NotEqual(p0.ToArrayDouble(), fused.P.ToArrayDouble());
    }
}
