using Engine.Kernels.Elementwise;
using Engine.Kernels.Scalar;

namespace Engine.Kernels.Tests;

/// <summary>
/// Map and Zip over strided and broadcast layouts equal the scalar functor applied in a plain loop,
/// bit for bit (the CPU accelerator evaluates MathF exactly like the host).
/// </summary>
[Collection(IlgpuCollection.Name)]
public sealed class ElementwiseTests(IlgpuFixture gpu)
{
    // x is stored as [5, 7] and read transposed as [7, 5]: every kernel sees a non-dense layout.
    private const int Rows = 7, Cols = 5;
    private static readonly StridedLayout Transposed = StridedLayout.Create([Rows, Cols], [1, Rows]);
    private static readonly StridedLayout Out = StridedLayout.Contiguous([Rows, Cols]);

    public static TheoryData<string> UnaryNames => new(UnaryCases.Keys);

    private static readonly Dictionary<string, Action<IlgpuFixture>> UnaryCases = new()
    {
        ["neg"] = g => CheckMap(g, default(NegF)), ["exp"] = g => CheckMap(g, default(ExpF)),
        ["log"] = g => CheckMap(g, default(LogF)), ["sqrt"] = g => CheckMap(g, default(SqrtF)),
        ["abs"] = g => CheckMap(g, default(AbsF)), ["sign"] = g => CheckMap(g, default(SignF)),
        ["sin"] = g => CheckMap(g, default(SinF)), ["cos"] = g => CheckMap(g, default(CosF)),
        ["tanh"] = g => CheckMap(g, default(TanhF)), ["sigmoid"] = g => CheckMap(g, default(SigmoidF)),
        ["softplus"] = g => CheckMap(g, default(SoftplusF)), ["mish"] = g => CheckMap(g, default(MishF)),
        ["step"] = g => CheckMap(g, default(StepF)), ["relu"] = g => CheckMap(g, default(ReluF)),
        ["square"] = g => CheckMap(g, default(SquareF)), ["reciprocal"] = g => CheckMap(g, default(ReciprocalF)),
        ["erf"] = g => CheckMap(g, default(ErfF)), ["addscalar"] = g => CheckMap(g, new AddScalarF(0.3)),
        ["mulscalar"] = g => CheckMap(g, new MulScalarF(-1.7)), ["powscalar"] = g => CheckMap(g, new PowScalarF(1.5)),
        ["leakyrelu"] = g => CheckMap(g, new LeakyReluF(0.1)), ["leakystep"] = g => CheckMap(g, new LeakyStepF(0.1)),
        ["clamp"] = g => CheckMap(g, new ClampF(-0.5, 0.75)), ["inrange"] = g => CheckMap(g, new InRangeF(-0.5, 0.75)),
        ["identity"] = g => CheckMap(g, default(IdentityF)),
    };

    [Theory]
    [MemberData(nameof(UnaryNames))]
    public void MapEqualsTheFunctorOnATransposedInput(string name) => UnaryCases[name](gpu);

    private static void CheckMap<TOp>(IlgpuFixture g, TOp op) where TOp : struct, IUnaryFunctor
    {
        var x = TestData.Floats(Rows * Cols, seed: 1);
        x[3] = 0f; // exercise the branch points of step, sign, relu
        var xd = Array.ConvertAll(x, v => (double)v);
        using var xb = g.Upload(x);
        using var yb = g.Zeros<float>(Rows * Cols);
        using var xdb = g.Upload(xd);
        using var ydb = g.Zeros<double>(Rows * Cols);
        g.Kernels.Elementwise.Map(op, xb.View, Transposed, yb.View, Out);
        g.Kernels.Elementwise.Map(op, xdb.View, Transposed, ydb.View, Out);
        var expected = new float[Rows * Cols];
        var expectedD = new double[Rows * Cols];
        for (int r = 0; r < Rows; r++)
            for (int c = 0; c < Cols; c++)
            {
                expected[r * Cols + c] = op.Apply(x[c * Rows + r]);
                expectedD[r * Cols + c] = op.Apply(xd[c * Rows + r]);
            }
        TestData.Identical(expected, yb.GetAsArray1D(), expected.Length);
        TestData.Identical(expectedD, ydb.GetAsArray1D(), expectedD.Length);
    }

    public static TheoryData<string> BinaryNames => new(BinaryCases.Keys);

    private static readonly Dictionary<string, Action<IlgpuFixture>> BinaryCases = new()
    {
        ["add"] = g => CheckZip(g, default(AddF)), ["sub"] = g => CheckZip(g, default(SubF)),
        ["mul"] = g => CheckZip(g, default(MulF)), ["div"] = g => CheckZip(g, default(DivF)),
        ["pow"] = g => CheckZip(g, default(PowF)), ["max"] = g => CheckZip(g, default(MaxF)),
        ["min"] = g => CheckZip(g, default(MinF)), ["gt"] = g => CheckZip(g, default(GtF)),
        ["ge"] = g => CheckZip(g, default(GeF)), ["lt"] = g => CheckZip(g, default(LtF)),
        ["le"] = g => CheckZip(g, default(LeF)), ["eq"] = g => CheckZip(g, default(EqF)),
        ["ne"] = g => CheckZip(g, default(NeF)),
    };

    [Theory]
    [MemberData(nameof(BinaryNames))]
    public void ZipEqualsTheFunctorWithBroadcasting(string name) => BinaryCases[name](gpu);

    /// <summary>a [7, 5] transposed, b a row [5] broadcast over the rows (stride 0).</summary>
    private static void CheckZip<TOp>(IlgpuFixture g, TOp op) where TOp : struct, IBinaryFunctor
    {
        var a = TestData.Floats(Rows * Cols, seed: 2, lo: 0.1f, hi: 2f);
        var b = TestData.Floats(Cols, seed: 3, lo: 0.1f, hi: 2f);
        b[1] = a[1 * Rows + 2]; // one equal pair for the comparisons
        var bLayout = StridedLayout.Create([Rows, Cols], [0, 1]);
        using var ab = g.Upload(a);
        using var bb = g.Upload(b);
        using var yb = g.Zeros<float>(Rows * Cols);
        using var adb = g.Upload(Array.ConvertAll(a, v => (double)v));
        using var bdb = g.Upload(Array.ConvertAll(b, v => (double)v));
        using var ydb = g.Zeros<double>(Rows * Cols);
        g.Kernels.Elementwise.Zip(op, ab.View, Transposed, bb.View, bLayout, yb.View, Out);
        g.Kernels.Elementwise.Zip(op, adb.View, Transposed, bdb.View, bLayout, ydb.View, Out);
        var expected = new float[Rows * Cols];
        var expectedD = new double[Rows * Cols];
        for (int r = 0; r < Rows; r++)
            for (int c = 0; c < Cols; c++)
            {
                expected[r * Cols + c] = op.Apply(a[c * Rows + r], b[c]);
                expectedD[r * Cols + c] = op.Apply((double)a[c * Rows + r], b[c]);
            }
        TestData.Identical(expected, yb.GetAsArray1D(), expected.Length);
        TestData.Identical(expectedD, ydb.GetAsArray1D(), expectedD.Length);
    }

    [Fact]
    public void AFusedChainIsOneKernelEqualToTheOpsInSequence()
    {
        var chain = new Then<Then<MulScalarF, TanhF>, ExpF>(new(new MulScalarF(2.0), default), default);
        var x = TestData.Floats(40, seed: 4);
        using var xb = gpu.Upload(x);
        using var yb = gpu.Zeros<float>(40);
        int before = gpu.Kernels.LoadedCount;
        gpu.Kernels.Elementwise.Map(chain, xb.View, StridedLayout.Flat(40), yb.View, StridedLayout.Flat(40));
        Assert.Equal(before + 1, gpu.Kernels.LoadedCount);
        var expected = Array.ConvertAll(x, v => MathF.Exp(MathF.Tanh(v * 2f)));
        TestData.Identical(expected, yb.GetAsArray1D(), 40);
    }

    [Fact]
    public void FusedBinaryCombinatorsComposeTheFunctors()
    {
        // relu backward g · step(x), then scaled: ZipThen<ZipOver<MulF, IdentityF, StepF>, MulScalarF>.
        var op = new ZipThen<ZipOver<MulF, IdentityF, StepF>, MulScalarF>(new(default, default, default), new MulScalarF(0.5));
        var g = TestData.Floats(30, seed: 5);
        var x = TestData.Floats(30, seed: 6);
        using var gb = gpu.Upload(g);
        using var xb = gpu.Upload(x);
        using var yb = gpu.Zeros<float>(30);
        var flat = StridedLayout.Flat(30);
        gpu.Kernels.Elementwise.Zip(op, gb.View, flat, xb.View, flat, yb.View, flat);
        var expected = new float[30];
        for (int i = 0; i < 30; i++) expected[i] = g[i] * (x[i] > 0 ? 1f : 0f) * 0.5f;
        TestData.Identical(expected, yb.GetAsArray1D(), 30);
    }

    [Fact]
    public void InPlaceMapOverASubViewLeavesTheRestAlone()
    {
        var x = TestData.Floats(20, seed: 7);
        using var xb = gpu.Upload(x);
        var inner = StridedLayout.Flat(10, offset: 5);
        gpu.Kernels.Elementwise.Map(default(NegF), xb.View, inner, xb.View, inner);
        var got = xb.GetAsArray1D();
        for (int i = 0; i < 20; i++) Assert.Equal(i is >= 5 and < 15 ? -x[i] : x[i], got[i]);
    }

    [Fact]
    public void RepeatedLaunchesReuseTheLoadedKernel()
    {
        using var xb = gpu.Upload(TestData.Floats(8, seed: 8));
        using var yb = gpu.Zeros<float>(8);
        var flat = StridedLayout.Flat(8);
        gpu.Kernels.Elementwise.Map(default(SquareF), xb.View, flat, yb.View, flat);
        int loaded = gpu.Kernels.LoadedCount;
        for (int i = 0; i < 3; i++) gpu.Kernels.Elementwise.Map(default(SquareF), xb.View, flat, yb.View, flat);
        Assert.Equal(loaded, gpu.Kernels.LoadedCount);
    }
}
