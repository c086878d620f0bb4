using Engine.Testing;

namespace Engine.Backends.Ilgpu.Tests;

/// <summary>
/// The shared op table on the ILGPU backend: every op's value equals the CPU backend's, and autodiff
/// (first and second order, both modes) passes the finite-difference checks unchanged.
/// </summary>
[Collection(BackendCollection.Name)]
public sealed class OpTableTests(BackendFixture fx)
{
    /// <summary>
    /// Rows whose function captures a tensor made when OpSpecs was first touched (its static index tensor,
    /// created on the CPU backend before any fixture runs); they cannot run on another backend as written.
    /// The same ops, with the index on the device, are checked in <see cref="IndexOpTests"/>.
    /// </summary>
    private static readonly string[] CaptureCpuTensors = ["index_select", "index_add"];

    public static IEnumerable<object[]> Names() => OpSpecs.All.Where(s => !CaptureCpuTensors.Contains(s.Name)).Select(s => new object[] { s.Name });

    /// <summary>
    /// Every row of the table: on the bounded simulator (worker threads ≤ cores) the whole table's first- and
    /// second-order checks take seconds, so none is left to an opt-in run. The two index rows are checked, with
    /// the index on the device, in <see cref="IndexOpTests"/>.
    /// </summary>
    public static IEnumerable<object[]> GradNames() => Names();

    /// <summary>The rows left to IndexOpTests are rows of the table: a renamed row cannot drop out unnoticed.</summary>
    [Fact]
    public void TheRowsLeftToIndexOpTestsExistInTheTable() =>
        Assert.All(CaptureCpuTensors, n => Assert.Contains(OpSpecs.All, s => s.Name == n));

    [Theory]
    [MemberData(nameof(GradNames))]
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
    public void ValuesEqualTheCpuBackend(string name) => CpuReference.CheckValues(OpSpecs.Get(name), fx.OnGpu ? 1e-6 : 1e-12);
}
