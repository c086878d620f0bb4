using Engine.Kernels.Devices;

namespace Engine.Backends.Ilgpu.Tests;

/// <summary>Device naming, selection and residency rules.</summary>
[Collection(BackendCollection.Name)]
public sealed class DeviceTests(BackendFixture fx)
{
    [Theory]
    [InlineData("cpu", DeviceKind.Cpu)]
    [InlineData("CUDA", DeviceKind.Cuda)]
    [InlineData("opencl", DeviceKind.OpenCL)]
    [InlineData(" ilgpu-cpu ", DeviceKind.IlgpuCpu)]
    public void DeviceNamesParse(string text, DeviceKind kind) => Assert.Equal(kind, DeviceNames.Parse(text));

    [Fact]
    public void UnknownDeviceNamesAreRefused() => Assert.Throws<ArgumentException>(() => DeviceNames.Parse("tpu"));

    [Fact]
    public void AnExplicitChoiceWinsOverTheEnvironment() => Assert.Equal(DeviceKind.IlgpuCpu, IlgpuDevices.Select(DeviceKind.IlgpuCpu));

    [Fact]
    public void TheListAlwaysHasTheCpuSimulator() =>
        Assert.Contains(IlgpuDevices.List(), d => d.Kind == DeviceKind.IlgpuCpu);

    [Fact]
    public void OpeningTheManagedCpuAsAnIlgpuDeviceIsRefused() =>
        Assert.Throws<ArgumentException>(() => IlgpuDevices.Open(DeviceKind.Cpu));

    [Fact]
    public void TensorsFromAnotherBackendAreRefusedWithAClearMessage()
    {
        var onCpu = Tensor.FromArray(new[] { 1f, 2f }, 2).To(Cpu.CpuBackend.Instance);
        var onDevice = Tensor.FromArray(new[] { 1f, 2f }, 2);
        Assert.Same(fx.Backend, onDevice.Backend);
        var e = Assert.ThrowsAny<Exception>(() => (onCpu + onDevice).ToArrayFloat());
        Assert.Contains("backend", e.Message);
    }

    [Fact]
    public void RandomDrawsEqualTheCpuBackendBitForBit()
    {
        var device = Tensor.RandN(new Generator(5), [3, 7], DType.Float32).ToArrayFloat();
        var cpu = Tensor.RandN(new Generator(5), [3, 7], DType.Float32, Cpu.CpuBackend.Instance).ToArrayFloat();
        Assert.Equal(cpu, device);
    }

    [Fact]
    public void DisposedStorageReturnsToThePoolAndIsReused()
    {
        var a = Tensor.Zeros([1000], DType.Float32);
        a.Dispose();
        var b = Tensor.Full([1000], 3.0, DType.Float32);
        Assert.All(b.ToArrayFloat(), v => Assert.Equal(3f, v));
        var c = Tensor.Zeros([1000], DType.Float32); // a pooled buffer must come back zeroed
        Assert.All(c.ToArrayFloat(), v => Assert.Equal(0f, v));
    }
}
