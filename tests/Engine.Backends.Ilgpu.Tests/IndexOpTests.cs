using Engine.Backends.Cpu;
using Engine.Testing;

namespace Engine.Backends.Ilgpu.Tests;

/// <summary>index_select and index_add (with repeated indices) with the index tensor on the device.</summary>
[Collection(BackendCollection.Name)]
public sealed class IndexOpTests(BackendFixture fx)
{
    private static readonly int[] Idx = [2, 0, 2, 1];

    private static Func<Tensor[], Tensor> Select(Tensor index) => x => x[0].IndexSelect(0, index).Square();
    private static Func<Tensor[], Tensor> Add(Tensor index) => x => x[0].Square().IndexAdd(1, index, [2, 3]);

    [Fact]
    public void IndexSelectMatchesTheCpuAndPassesGradChecks() => Check("index_select", Select, [3, 4]);

    [Fact]
    public void IndexAddMatchesTheCpuAndPassesGradChecks() => Check("index_add", Add, [2, 4]);

    private void Check(string name, Func<Tensor, Func<Tensor[], Tensor>> make, int[] shape)
    {
        var g = new Generator(3);
        var x = Tensor.RandN(g, shape, DType.Float64);
        Assert.Same(fx.Backend, x.Backend);
        var onDevice = make(Tensor.FromArray(Idx, Idx.Length))([x]).ToArrayDouble();
        var onCpu = make(Tensor.FromHost(Idx, [Idx.Length], CpuBackend.Instance))([x.To(CpuBackend.Instance)]).ToArrayDouble();
        Assert.Equal(onCpu.Length, onDevice.Length);
        for (int i = 0; i < onCpu.Length; i++) Assert.Equal(onCpu[i], onDevice[i], fx.OnGpu ? 1e-9 : 1e-12);
        GradCheck.Check(name, make(Tensor.FromArray(Idx, Idx.Length)), [x], g, tolerance: fx.OnGpu ? 1e-4 : 1e-6);
    }
}
