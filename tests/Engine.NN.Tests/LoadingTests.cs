using Engine.Testing;

namespace Engine.NN.Tests;

/// <summary>Loading state dictionaries: 0-d tensors, dtype checks, lenient loads with a report, renames.</summary>
public class LoadingTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "engine-nn-load-" + Guid.NewGuid().ToString("N"));

    public LoadingTests() => Directory.CreateDirectory(_dir);
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A module with a 0-d parameter (as a learned temperature) and a vector one.</summary>
    private sealed class WithScalar : Module
    {
        public WithScalar(double scale, DType dtype = DType.Float32)
        {
            Scale = RegisterParameter("scale", Tensor.Scalar(scale, dtype))!;
            Shift = RegisterParameter("shift", Tensor.Full([3], scale, dtype))!;
        }

        public Parameter Scale { get; }
        public Parameter Shift { get; }
    }

    private static TemporalUnet Net(ulong seed, DType dtype = DType.Float32) =>
        new(8, 3, new Generator(seed), dim: 8, dimMults: [1, 2], dtype: dtype);

    [Fact]
    public void ZeroDimensionalTensorsRoundTripThroughSafetensors()
    {
        var path = Path.Combine(_dir, "scalars.safetensors");
        SafeTensors.Save(path, new Dictionary<string, Tensor>
        {
            ["f64"] = Tensor.Scalar(2.5),
            ["f32"] = Tensor.Scalar(-1.25, DType.Float32),
            ["i32"] = Tensor.FromHost(new[] { 7 }, [], null),
        });
        Assert.Contains("\"shape\":[]", System.Text.Encoding.UTF8.GetString(File.ReadAllBytes(path)));
        var back = SafeTensors.Load(path);
        foreach (var (name, value, dtype) in new[] { ("f64", 2.5, DType.Float64), ("f32", -1.25, DType.Float32), ("i32", 7.0, DType.Int32) })
        {
            Assert.Empty(back[name].Shape);
            Assert.Equal(dtype, back[name].DType);
            Assert.Equal(value, back[name].Item());
        }
    }

    [Fact]
    public void Int64TensorsRoundTripThroughSafetensorsWithoutNarrowing()
    {
        long[] counts = [(1L << 53) + 1, long.MinValue, long.MaxValue, -1];
        var path = Path.Combine(_dir, "int64.safetensors");
        SafeTensors.Save(path, new Dictionary<string, Tensor>
        {
            ["num_batches_tracked"] = Tensor.FromHost(new[] { 5_000_000_000L }, [], null),
            ["counts"] = Tensor.FromArray(counts, 2, 2),
        });
        Assert.Contains("\"dtype\":\"I64\"", System.Text.Encoding.UTF8.GetString(File.ReadAllBytes(path)));
        var back = SafeTensors.Load(path);
        Assert.Equal(DType.Int64, back["num_batches_tracked"].DType);
        Assert.Empty(back["num_batches_tracked"].Shape);
        Assert.Equal([5_000_000_000L], back["num_batches_tracked"].ToArrayLong());
        Assert.Equal([2, 2], back["counts"].Shape);
        Assert.Equal(counts, back["counts"].ToArrayLong());
    }

    /// <summary>A module with an int64 counter beside a weight, as a PyTorch BatchNorm's num_batches_tracked.</summary>
    private sealed class WithCounter : Module
    {
        public WithCounter(long batches)
        {
            RegisterParameter("weight", Tensor.Ones([2]));
            Batches = RegisterParameter("num_batches_tracked", Tensor.FromHost(new[] { batches }, [], null))!;
        }

        public Parameter Batches { get; }
    }

    [Fact]
    public void AnInt64CounterLoadsStrictlyAndExactly()
    {
        var path = Path.Combine(_dir, "counter.safetensors");
        Checkpoint.Save(new WithCounter((1L << 53) + 1), path);
        var m = new WithCounter(0);
        Assert.True(Checkpoint.Load(m, path).IsExact);
        Assert.Equal(DType.Int64, m.Batches.Value.DType);
        Assert.False(m.Batches.Value.RequiresGradient);
        Assert.Equal([(1L << 53) + 1], m.Batches.Value.ToArrayLong());
    }

    [Fact]
    public void ModuleWithAZeroDimensionalParameterLoadsStrictly()
    {
        var path = Path.Combine(_dir, "m.safetensors");
        Checkpoint.Save(new WithScalar(3), path);
        var m = new WithScalar(0);
        var report = Checkpoint.Load(m, path);
        Assert.True(report.IsExact);
        Assert.Empty(m.Scale.Shape);
        Assert.Equal(3.0, m.Scale.Value.Item());
    }

    [Fact]
    public void FromArrayWithoutShapeIsOneDimensionalAndFromHostWithEmptyShapeIsZeroDimensional()
    {
        Assert.Equal([3], Tensor.FromArray(new[] { 1.0, 2, 3 }).Shape);
        Assert.Empty(Tensor.FromHost(new[] { 1.0 }, [], null).Shape);
        Assert.Throws<ArgumentException>(() => Tensor.FromHost(new[] { 1.0, 2 }, [], null));
    }

    [Fact]
    public void DtypeMismatchIsAnErrorUnlessCastingIsAllowed()
    {
        var source = Net(1, DType.Float64);
        var state = source.StateDict();
        var f32 = Net(2);
        var before = f32.StateDict();
        var e = Assert.Throws<InvalidDataException>(() => f32.LoadStateDict(state));
        Assert.Contains("Float64", e.Message);
        Assert.Contains("Float32", e.Message);
        Assert.Contains("AllowCast", e.Message);
        // Nothing was loaded by the failed attempt.
        foreach (var (name, p) in f32.NamedParameters()) TensorAssert.Identical(before[name], p.Value);

        var cast = f32.LoadStateDict(state, LoadOptions.Strict with { AllowCast = true });
        Assert.True(cast.IsExact);
        Assert.All(f32.Parameters(), p => Assert.Equal(DType.Float32, p.Value.DType));

        // Built in the checkpoint's dtype, the load is exact and keeps every bit.
        var f64 = Net(3, DType.Float64);
        Assert.All(f64.Parameters(), p => Assert.Equal(DType.Float64, p.Value.DType));
        f64.LoadStateDict(state);
        foreach (var (name, p) in f64.NamedParameters()) TensorAssert.Identical(state[name], p.Value);
    }

    [Fact]
    public void NonStrictLoadReportsMissingUnexpectedAndShapeMismatchedNames()
    {
        var state = Net(1).StateDict();
        state.Remove("time_mlp.1.bias");
        state["extra.weight"] = Tensor.Zeros([2]);
        state["final_conv.1.weight"] = Tensor.Zeros([3, 8, 2]);
        var target = Net(2);
        var keptBias = target.StateDict()["time_mlp.1.bias"];
        var keptConv = target.StateDict()["final_conv.1.weight"];

        Assert.Throws<InvalidDataException>(() => target.LoadStateDict(state));
        var report = target.LoadStateDict(state, strict: false);

        Assert.Equal(["time_mlp.1.bias"], report.Missing);
        Assert.Equal(["extra.weight"], report.Unexpected);
        var mismatch = Assert.Single(report.ShapeMismatches);
        Assert.Equal("final_conv.1.weight", mismatch.Name);
        Assert.Equal([3, 8, 1], mismatch.Expected);
        Assert.Equal([3, 8, 2], mismatch.Found);
        Assert.Equal(target.NamedParameters().Count() - 2, report.Loaded.Count);
        Assert.False(report.IsExact);
        var now = target.StateDict();
        TensorAssert.Identical(keptBias, now["time_mlp.1.bias"]);
        TensorAssert.Identical(keptConv, now["final_conv.1.weight"]);
        TensorAssert.Identical(state["time_mlp.3.weight"], now["time_mlp.3.weight"]);
    }

    [Fact]
    public void RenameMapLetsForeignNamesLoadStrictly()
    {
        var source = new WithScalar(4);
        var foreign = new Dictionary<string, Tensor>
        {
            ["temperature"] = source.Scale.Value,
            ["offset"] = source.Shift.Value,
        };
        var target = new WithScalar(0);
        Assert.Throws<InvalidDataException>(() => target.LoadStateDict(foreign));
        var rename = new Dictionary<string, string> { ["temperature"] = "scale", ["offset"] = "shift" };
        var report = target.LoadStateDict(foreign, LoadOptions.Strict with { Rename = rename });
        Assert.True(report.IsExact);
        Assert.Equal(4.0, target.Scale.Value.Item());
        Assert.Equal([4.0, 4, 4], target.Shift.Value.ToArrayDouble());

        var clash = new Dictionary<string, string> { ["temperature"] = "offset" };
        Assert.Contains("'offset'", Assert.Throws<InvalidDataException>(() => target.LoadStateDict(foreign, LoadOptions.NonStrict with { Rename = clash })).Message);
    }

    [Fact]
    public void CheckpointLoadAppliesPrefixThenRename()
    {
        var path = Path.Combine(_dir, "p.safetensors");
        var source = new WithScalar(5);
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["model.t"] = source.Scale.Value, ["model.shift"] = source.Shift.Value, ["other.x"] = Tensor.Zeros([1]) });
        var target = new WithScalar(0);
        var report = Checkpoint.Load(target, path, LoadOptions.Strict with { Rename = new Dictionary<string, string> { ["t"] = "scale" } }, prefix: "model.");
        Assert.True(report.IsExact);
        Assert.Equal(5.0, target.Scale.Value.Item());
    }
}
