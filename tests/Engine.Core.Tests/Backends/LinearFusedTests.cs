using Engine.Autodiff;
using Engine.Ops;
using Engine.Testing;

namespace Engine.Core.Tests.Backends;

/// <summary>The fused linear map (bias written first, the product added by the GEMM) gives its composite's bits: values and gradients.</summary>
public class LinearFusedTests
{
    [Theory]
    [InlineData(new[] { 64, 56 }, 128, new[] { 128 }, DType.Float32)]           // a Linear layer
    [InlineData(new[] { 16, 64, 24 }, 128, new[] { 16, 1, 128 }, DType.Float32)] // a bias shared by groups of rows (W8's first layer)
    [InlineData(new[] { 40, 300 }, 33, new[] { 33 }, DType.Float32)]              // deeper than one GEMM depth block: bias added after
    [InlineData(new[] { 7, 5, 9 }, 3, new[] { 1, 5, 3 }, DType.Float64)]
    public void Fused_equals_composite(int[] xShape, int outFeatures, int[] biasShape, DType dtype)
    {
        var g = new Generator(31);
        var x = Tensor.RandN(g, xShape, dtype);
        var w = Tensor.RandN(g, [outFeatures, xShape[^1]], dtype);
        var b = Tensor.RandN(g, biasShape, dtype);
        var gy = Tensor.RandN(g, [.. xShape[..^1], outFeatures], dtype);
        Tensor[] Run(Func<Tensor[], Tensor> f, string op)
        {
            Tensor[] leaves = [x.RequiresGrad(), w.RequiresGrad(), b.RequiresGrad()];
            var y = f(leaves);
            Assert.Equal(op, y.GradFn!.Op.Name);
            return [y.Detach(), .. Autograd.Grad([y], leaves, [gy])];
        }
        var fused = Run(p => Tensor.Linear(p[0], p[1], p[2]), "linear");
        var composite = Run(LinearOp.Instance.Composite, "add");
        for (int i = 0; i < fused.Length; i++) TensorAssert.Identical(composite[i], fused[i]);
    }
}
