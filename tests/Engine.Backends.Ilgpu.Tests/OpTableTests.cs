using Engine.Backends.Cpu;
using Engine.Testing;

namespace Engine.Backends.Ilgpu.Tests;

/// <summary>
/// The shared op table on the ILGPU backend: every op's value equals the CPU backend's, and autodiff
/// (first and second order, both modes) passes the finite-difference checks unchanged.
/// </summary>
[Collection(BackendCollection.Name)]
public sealed class OpTableTests(BackendFixture fx)
{
    public static IEnumerable<object[]> Names() => OpSpecs.Names();

    [Theory]
    [MemberData(nameof(Names))]
    public void GradientsPassTheChecksOnThisBackend(string name)
    {
        var spec = OpSpecs.Get(name);
        var g = new Generator(7);
        var inputs = spec.Sample(g);
        Assert.All(inputs, x => Assert.Same(fx.Backend, x.Backend));
        GradCheck.Check(spec.Name, spec.F, inputs, g, tolerance: fx.OnGpu ? 1e-4 : 1e-6, secondOrder: spec.SecondOrder);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void ValuesEqualTheCpuBackend(string name)
    {
        var spec = OpSpecs.Get(name);
        var inputs = spec.Sample(new Generator(11));
        var onDevice = spec.F(inputs).ToArrayDouble();
        double[] onCpu;
        var saved = Tensor.DefaultBackend;
        try
        {
            // Constants an op creates on the fly follow the default backend.
            Tensor.DefaultBackend = CpuBackend.Instance;
            onCpu = spec.F(inputs.Select(x => x.To(CpuBackend.Instance)).ToArray()).ToArrayDouble();
        }
        finally
        {
            Tensor.DefaultBackend = saved;
        }
        Assert.Equal(onCpu.Length, onDevice.Length);
        double tol = fx.OnGpu ? 1e-6 : 1e-12;
        for (int i = 0; i < onCpu.Length; i++)
            Assert.True(Math.Abs(onCpu[i] - onDevice[i]) <= tol * (1 + Math.Abs(onCpu[i])), $"{name}[{i}]: cpu {onCpu[i]:R}, device {onDevice[i]:R}");
    }
}
