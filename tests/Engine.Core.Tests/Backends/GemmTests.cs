using System.Numerics;
using Engine.Backends.Cpu;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Engine.Core.Tests.Backends;

/// <summary>How one operand is laid out in its array: which strides address element (row, col).</summary>
public enum Layout
{
    RowMajor,
    /// <summary>Stored as the transpose, row-major: the way a transposed operand reaches the GEMM.</summary>
    ColMajor,
    /// <summary>Neither stride is 1 (a strided view).</summary>
    Strided,
}

/// <summary>One randomly drawn GEMM call: shape, operand layouts, offsets, C padding, accumulate.</summary>
public sealed record GemmCase(int M, int N, int K, Layout A, Layout B, int AOffset, int BOffset, int COffset,
    int LdcPad, bool Accumulate, int Seed)
{
    public override string ToString() =>
        $"m={M} n={N} k={K} A={A} B={B} offsets=({AOffset},{BOffset},{COffset}) ldc=n+{LdcPad} acc={Accumulate} seed={Seed}";
}

public static class GemmArbitraries
{
    /// <summary>Odd, small shapes (1..70) that land on every edge-tile case of both precisions.</summary>
    public static Arbitrary<GemmCase> Cases() => Arb.From(
        from m in Gen.Choose(1, 70)
        from n in Gen.Choose(1, 70)
        from k in Gen.Choose(1, 70)
        from la in Gen.Choose(0, 2)
        from lb in Gen.Choose(0, 2)
        from ao in Gen.Choose(0, 9)
        from bo in Gen.Choose(0, 9)
        from co in Gen.Choose(0, 9)
        from pad in Gen.Choose(0, 5)
        from acc in Gen.Choose(0, 1)
        from seed in Gen.Choose(0, int.MaxValue)
        select new GemmCase(m, n, k, (Layout)la, (Layout)lb, ao, bo, co, pad, acc == 1, seed));
}

/// <summary>A GEMM call materialised as arrays and strides, plus the oracle's answer.</summary>
internal sealed class GemmFixture<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public readonly GemmCase Case;
    public readonly T[] A, B, C0;
    public readonly int ARow, ACol, BRow, BCol, Ldc;

    public GemmFixture(GemmCase g)
    {
        Case = g;
        var rng = new Random(g.Seed);
        (A, ARow, ACol) = Operand(rng, g.M, g.K, g.A, g.AOffset);
        (B, BRow, BCol) = Operand(rng, g.K, g.N, g.B, g.BOffset);
        Ldc = g.N + g.LdcPad;
        C0 = Fill(rng, g.COffset + (g.M - 1) * Ldc + g.N + 7); // a tail that must stay untouched
    }

    private static T[] Fill(Random rng, int length)
    {
        var x = new T[length];
        for (int i = 0; i < length; i++) x[i] = T.CreateTruncating(rng.NextDouble() * 2 - 1);
        return x;
    }

    private static (T[] Data, int Row, int Col) Operand(Random rng, int rows, int cols, Layout layout, int offset)
    {
        (int rs, int cs, int span) = layout switch
        {
            Layout.RowMajor => (cols + 1, 1, rows * (cols + 1)),
            Layout.ColMajor => (1, rows + 2, cols * (rows + 2)),
            _ => (2 * cols + 1, 2, rows * (2 * cols + 1)),
        };
        return (Fill(rng, offset + span + 3), rs, cs);
    }

    public T[] Expected()
    {
        var c = (T[])C0.Clone();
        Gemm.Naive(Case.M, Case.N, Case.K, A, Case.AOffset, ARow, ACol, B, Case.BOffset, BRow, BCol,
            c, Case.COffset, Ldc, Case.Accumulate);
        return c;
    }

    public T[] Actual(Action<GemmFixture<T>, T[]> multiply)
    {
        var c = (T[])C0.Clone();
        multiply(this, c);
        return c;
    }

    /// <summary>
    /// Every element of C (and of its untouched surroundings) agrees with the oracle within
    /// 2(k+2)·eps·(Σ_p |a_ip b_pj| + |c_ij|): both sums are within k·eps of the exact one.
    /// </summary>
    public bool Agrees(T[] expected, T[] actual, out string why)
    {
        why = "";
        T eps = T.CreateTruncating(typeof(T) == typeof(float) ? 1.1920929e-7 : 2.220446049250313e-16); // unit roundoff x2
        var g = Case;
        for (int idx = 0; idx < actual.Length; idx++)
        {
            int rel = idx - g.COffset;
            int i = rel >= 0 ? rel / Ldc : -1, j = rel >= 0 ? rel % Ldc : -1;
            bool inside = rel >= 0 && i < g.M && j < g.N;
            if (!inside)
            {
                if (actual[idx] != C0[idx]) { why = $"wrote outside C at index {idx}"; return false; }
                continue;
            }
            T scale = g.Accumulate ? T.Abs(C0[idx]) : T.Zero;
            for (int p = 0; p < g.K; p++)
                scale += T.Abs(A[g.AOffset + i * ARow + p * ACol] * B[g.BOffset + p * BRow + j * BCol]);
            T tol = T.CreateTruncating(2 * (g.K + 2)) * eps * scale;
            if (!(T.Abs(actual[idx] - expected[idx]) <= tol))
            {
                why = $"C[{i},{j}] = {actual[idx]}, oracle {expected[idx]}, tolerance {tol}";
                return false;
            }
        }
        return true;
    }
}

internal static class GemmCalls
{
    public static void Float(GemmFixture<float> f, float[] c) =>
        Gemm.Multiply(f.Case.M, f.Case.N, f.Case.K, f.A, f.Case.AOffset, f.ARow, f.ACol, f.B, f.Case.BOffset, f.BRow, f.BCol,
            c, f.Case.COffset, f.Ldc, f.Case.Accumulate);

    public static void Double(GemmFixture<double> f, double[] c) =>
        Gemm.Multiply(f.Case.M, f.Case.N, f.Case.K, f.A, f.Case.AOffset, f.ARow, f.ACol, f.B, f.Case.BOffset, f.BRow, f.BCol,
            c, f.Case.COffset, f.Ldc, f.Case.Accumulate);
}

public class GemmTests
{
    private static Property Matches<T>(GemmCase g, Action<GemmFixture<T>, T[]> multiply)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var f = new GemmFixture<T>(g);
        bool ok = f.Agrees(f.Expected(), f.Actual(multiply), out string why);
        return ok.Label(why);
    }

    [Property(Arbitrary = [typeof(GemmArbitraries)], MaxTest = 300)]
    public Property Float_matches_the_oracle(GemmCase g) => Matches<float>(g, GemmCalls.Float);

    [Property(Arbitrary = [typeof(GemmArbitraries)], MaxTest = 300)]
    public Property Double_matches_the_oracle(GemmCase g) => Matches<double>(g, GemmCalls.Double);

    private static IEnumerable<Gemm.KernelKind> RunnableKernels()
    {
        if (System.Runtime.Intrinsics.X86.Avx512F.IsSupported) yield return Gemm.KernelKind.Fma512;
        if (System.Runtime.Intrinsics.X86.Fma.IsSupported) yield return Gemm.KernelKind.Fma;
        yield return Gemm.KernelKind.Vector;
        yield return Gemm.KernelKind.Scalar;
    }

    [Property(Arbitrary = [typeof(GemmArbitraries)], MaxTest = 60)]
    public Property Every_kernel_matches_the_oracle(GemmCase g)
    {
        var result = true.ToProperty();
        foreach (var kind in RunnableKernels())
        {
            Gemm.KernelOverride = kind;
            try
            {
                result = result.And(Matches<float>(g, GemmCalls.Float).Label($"float {kind}"))
                    .And(Matches<double>(g, GemmCalls.Double).Label($"double {kind}"));
            }
            finally
            {
                Gemm.KernelOverride = null;
            }
        }
        return result;
    }

    /// <summary>The 256- and 512-bit FMA kernels do the same operations per element: same bits.</summary>
    [Property(Arbitrary = [typeof(GemmArbitraries)], MaxTest = 60)]
    public bool Fma_kernel_widths_agree_bit_for_bit(GemmCase g)
    {
        if (!System.Runtime.Intrinsics.X86.Avx512F.IsSupported)
            return true;
        var f = new GemmFixture<float>(g);
        var d = new GemmFixture<double>(g);
        float[] f512, f256;
        double[] d512, d256;
        try
        {
            Gemm.KernelOverride = Gemm.KernelKind.Fma512;
            (f512, d512) = (f.Actual(GemmCalls.Float), d.Actual(GemmCalls.Double));
            Gemm.KernelOverride = Gemm.KernelKind.Fma;
            (f256, d256) = (f.Actual(GemmCalls.Float), d.Actual(GemmCalls.Double));
        }
        finally
        {
            Gemm.KernelOverride = null;
        }
        return f512.AsSpan().SequenceEqual(f256) && d512.AsSpan().SequenceEqual(d256);
    }

    /// <summary>Shapes that cross the KC (256), MC (144 / 72) and NR/MR block boundaries.</summary>
    public static TheoryData<int, int, int, int, int> BlockCrossing => new()
    {
        { 257, 129, 300, 0, 0 },
        { 257, 129, 300, 1, 1 },
        { 145, 300, 513, 1, 0 },
        { 73, 17, 257, 0, 1 },
        { 6, 4097, 40, 0, 0 },
        { 300, 7, 520, 2, 2 },
    };

    [Theory]
    [MemberData(nameof(BlockCrossing))]
    public void Large_shapes_match_the_oracle(int m, int n, int k, int layoutA, int layoutB)
    {
        foreach (bool acc in new[] { false, true })
        {
            var g = new GemmCase(m, n, k, (Layout)layoutA, (Layout)layoutB, 3, 5, 1, 2, acc, m * 31 + n);
            var ff = new GemmFixture<float>(g);
            Assert.True(ff.Agrees(ff.Expected(), ff.Actual(GemmCalls.Float), out string why), $"float {g}: {why}");
            var fd = new GemmFixture<double>(g);
            Assert.True(fd.Agrees(fd.Expected(), fd.Actual(GemmCalls.Double), out why), $"double {g}: {why}");
        }
    }

    [Fact]
    public void Empty_depth_clears_or_keeps_C()
    {
        float[] c = [1, 2, 3, 4, 5];
        Gemm.Multiply(2, 2, 0, [], 0, 0, 1, [], 0, 2, 1, c, 0, 2, accumulate: true);
        Assert.Equal([1f, 2, 3, 4, 5], c);
        Gemm.Multiply(2, 2, 0, [], 0, 0, 1, [], 0, 2, 1, c, 0, 2, accumulate: false);
        Assert.Equal([0f, 0, 0, 0, 5], c);
    }

    [Fact]
    public void Strides_reaching_outside_an_array_are_rejected()
    {
        var a = new float[6];
        var b = new float[6];
        var c = new float[4];
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply(2, 2, 3, a, 1, 3, 1, b, 0, 2, 1, c, 0, 2, false));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply(2, 2, 3, a, 0, 3, 1, b, 0, 2, 1, c, 0, 3, false));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply(2, 2, 3, a, 0, 3, 1, b, 0, 2, 1, c, 0, 1, false));
    }

    [Fact]
    public void Zero_strides_broadcast_an_operand()
    {
        // A is one row repeated (row stride 0): every row of C is the same.
        float[] a = [1, 2, 3];
        float[] b = [1, 0, 0, 1, 1, 1];
        var c = new float[8];
        Gemm.Multiply(4, 2, 3, a, 0, 0, 1, b, 0, 2, 1, c, 0, 2, false);
        Assert.Equal([4f, 5, 4, 5, 4, 5, 4, 5], c);
    }
}

[CollectionDefinition(nameof(GemmThreadKnobs), DisableParallelization = true)]
public sealed class GemmThreadKnobs;

/// <summary>Same inputs, any thread count or split: bit-identical outputs.</summary>
[Collection(nameof(GemmThreadKnobs))]
public class GemmDeterminismTests
{
    private static T[] WithThreads<T>(int threads, Func<T[]> run)
    {
        int savedThreads = Gemm.MaxThreads;
        long savedThreshold = Gemm.ParallelThreshold;
        try
        {
            Gemm.MaxThreads = threads;
            Gemm.ParallelThreshold = 0;
            return run();
        }
        finally
        {
            Gemm.MaxThreads = savedThreads;
            Gemm.ParallelThreshold = savedThreshold;
        }
    }

    [Property(Arbitrary = [typeof(GemmArbitraries)], MaxTest = 100)]
    public bool Thread_count_does_not_change_a_bit(GemmCase g)
    {
        var ff = new GemmFixture<float>(g);
        var fd = new GemmFixture<double>(g);
        var f1 = WithThreads(1, () => ff.Actual(GemmCalls.Float));
        var d1 = WithThreads(1, () => fd.Actual(GemmCalls.Double));
        foreach (int t in new[] { 2, 3, 7 })
        {
            if (!f1.AsSpan().SequenceEqual(WithThreads(t, () => ff.Actual(GemmCalls.Float)))) return false;
            if (!d1.AsSpan().SequenceEqual(WithThreads(t, () => fd.Actual(GemmCalls.Double)))) return false;
        }
        return true;
    }

    [Theory]
    [InlineData(257, 129, 300)]
    [InlineData(31, 4100, 130)]
    [InlineData(1000, 20, 64)]
    public void Large_products_are_bit_identical_across_thread_counts(int m, int n, int k)
    {
        var g = new GemmCase(m, n, k, Layout.RowMajor, Layout.ColMajor, 0, 0, 0, 0, true, 7);
        var f = new GemmFixture<float>(g);
        var one = WithThreads(1, () => f.Actual(GemmCalls.Float));
        Assert.Equal(one, WithThreads(2, () => f.Actual(GemmCalls.Float)));
        Assert.Equal(one, WithThreads(5, () => f.Actual(GemmCalls.Float)));
    }

    [Theory]
    [InlineData(4, 0)]   // batch split across threads
    [InlineData(3, 0)]   // batch not divisible: tiles split inside each entry
    [InlineData(5, 1)]   // C shared by all entries (cBatchStride 0): a reduction over the batch
    public void Batched_equals_a_loop_of_single_products(int batch, int sharedC)
    {
        const int m = 37, n = 70, k = 45;
        var rng = new Random(batch);
        var a = Enumerable.Range(0, batch * m * k).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        var b = Enumerable.Range(0, k * n).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        int cStride = sharedC == 1 ? 0 : m * n;
        int cLength = sharedC == 1 ? m * n : batch * m * n;

        var loop = new float[cLength];
        for (int e = 0; e < batch; e++)
            Gemm.Multiply(m, n, k, a, e * m * k, k, 1, b, 0, n, 1, loop, e * cStride, n, accumulate: sharedC == 1);

        foreach (int threads in new[] { 1, 2, 3 })
        {
            var batched = WithThreads(threads, () =>
            {
                var c = new float[cLength];
                // B is broadcast (batch stride 0) and read transposed-free; A entries are consecutive.
                Gemm.MultiplyBatched(batch, m, n, k, a, 0, k, 1, m * k, b, 0, n, 1, 0, c, 0, n, cStride, accumulate: sharedC == 1);
                return c;
            });
            Assert.Equal(loop, batched);
        }
    }
}
