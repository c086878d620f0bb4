using Engine.Kernels.Reduce;
using Engine.Kernels.Scalar;

namespace Engine.Kernels.Tests;

/// <summary>Reductions over any axis set of a strided tensor, against double-precision loops.</summary>
[Collection(IlgpuCollection.Name)]
public sealed class ReduceTests(IlgpuFixture gpu)
{
    // x is a dense [3, 4, 37] tensor (37 > group size 32: several elements per thread, then the tree).
    private const int A = 3, B = 4, C = 37;
    private static readonly float[] X = TestData.Floats(A * B * C, seed: 11);

    private static double At(int a, int b, int c) => X[(a * B + b) * C + c];

    [Theory]
    [InlineData(ReduceKind.Sum)]
    [InlineData(ReduceKind.Max)]
    [InlineData(ReduceKind.Min)]
    public void ReducingTheLastAxisMatchesLoops(ReduceKind kind)
    {
        var outer = StridedLayout.Create([A, B], [B * C, C]);
        var inner = StridedLayout.Create([C], [1]);
        var got = Run(kind, outer, inner, A * B);
        var expected = new double[A * B];
        for (int a = 0; a < A; a++)
            for (int b = 0; b < B; b++)
                expected[a * B + b] = Fold(kind, Enumerable.Range(0, C).Select(c => At(a, b, c)));
        TestData.Close(expected, got, kind == ReduceKind.Sum ? 1e-5 : 0);
    }

    [Theory]
    [InlineData(ReduceKind.Sum)]
    [InlineData(ReduceKind.Max)]
    public void ReducingTheOuterAxesKeepsTheMiddleOne(ReduceKind kind)
    {
        // keep b; reduce a and c (non-adjacent axes, strided inner layout).
        var outer = StridedLayout.Create([B], [C]);
        var inner = StridedLayout.Create([A, C], [B * C, 1]);
        var got = Run(kind, outer, inner, B);
        var expected = new double[B];
        for (int b = 0; b < B; b++)
            expected[b] = Fold(kind, from a in Enumerable.Range(0, A) from c in Enumerable.Range(0, C) select At(a, b, c));
        TestData.Close(expected, got, kind == ReduceKind.Sum ? 1e-5 : 0);
    }

    [Fact]
    public void MeanOfEverythingWithAScale()
    {
        var outer = StridedLayout.Create([], []);
        var inner = StridedLayout.Contiguous([A, B, C]);
        var got = Run(ReduceKind.Sum, outer, inner, 1, scale: 1f / (A * B * C));
        TestData.Close([X.Select(v => (double)v).Average()], got, 1e-5);
    }

    [Fact]
    public void AFusedMapReducesTheMappedValues()
    {
        using var xb = gpu.Upload(X);
        using var yb = gpu.Zeros<float>(A);
        var outer = StridedLayout.Create([A], [B * C]);
        var inner = StridedLayout.Create([B, C], [C, 1]);
        gpu.Kernels.Reduce.Reduce(default(SquareF), default(AddF), 0f, xb.View, outer, inner, yb.View, StridedLayout.Flat(A));
        var expected = new double[A];
        for (int a = 0; a < A; a++)
            for (int b = 0; b < B; b++)
                for (int c = 0; c < C; c++) expected[a] += At(a, b, c) * At(a, b, c);
        TestData.Close(expected, yb.GetAsArray1D(), 1e-5);
    }

    [Fact]
    public void TheResultIsBitIdenticalAcrossRuns()
    {
        var outer = StridedLayout.Create([A], [B * C]);
        var inner = StridedLayout.Create([B, C], [C, 1]);
        var first = Run(ReduceKind.Sum, outer, inner, A);
        for (int i = 0; i < 3; i++) TestData.Identical(first, Run(ReduceKind.Sum, outer, inner, A), A);
    }

    [Fact]
    public void DoublePrecisionSum()
    {
        var xd = TestData.Doubles(2 * 45, seed: 12);
        using var xb = gpu.Upload(xd);
        using var yb = gpu.Zeros<double>(2);
        gpu.Kernels.Reduce.Reduce(ReduceKind.Sum, xb.View, StridedLayout.Create([2], [45]), StridedLayout.Create([45], [1]),
            yb.View, StridedLayout.Flat(2));
        var got = yb.GetAsArray1D();
        for (int r = 0; r < 2; r++)
            Assert.Equal(xd.Skip(r * 45).Take(45).Sum(), got[r], 1e-12);
    }

    private float[] Run(ReduceKind kind, StridedLayout outer, StridedLayout inner, int outCount, float scale = 1f)
    {
        using var xb = gpu.Upload(X);
        using var yb = gpu.Zeros<float>(outCount);
        gpu.Kernels.Reduce.Reduce(kind, xb.View, outer, inner, yb.View, StridedLayout.Contiguous(outCount == 1 ? [] : [outCount]), scale);
        return yb.GetAsArray1D();
    }

    private static double Fold(ReduceKind kind, IEnumerable<double> values) => kind switch
    {
        ReduceKind.Sum => values.Sum(),
        ReduceKind.Max => values.Max(),
        _ => values.Min(),
    };
}
