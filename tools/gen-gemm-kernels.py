# Generates src/Engine.Core/Backends/Cpu/Gemm.Kernels.g.cs: the unrolled GEMM micro-kernels
# (6 rows x 2 vectors for AVX2 and the portable kernel, 8 rows x 2 vectors for AVX-512, which has 32 registers).
# Run from the repository root: python3 tools/gen-gemm-kernels.py
MR = 6
UNROLL = 4

def fma_kernel(T, isa_ns, lanes):
    nr = 2 * lanes
    V = f"Vector256<{T}>"
    out = []
    w = out.append
    w(f"    /// <summary>{MR}x{nr} {T} tile with AVX2 FMA: C[0..{MR}, 0..{nr}] (=|+=) Apanel · Bpanel over kc.</summary>")
    w(f"    [MethodImpl(MethodImplOptions.AggressiveOptimization)]")
    w(f"    private static void KernelFma({T}* a, {T}* b, nint kc, {T}* c, nint ldc, bool add)")
    w("    {")
    regs = [f"c{r}{h}" for r in range(MR) for h in range(2)]
    w(f"        {V} " + ", ".join(f"{x} = default" for x in regs) + ";")
    w("        nint p = 0;")
    def step(s, indent):
        ind = " " * indent
        w(f"{ind}{{")
        w(f"{ind}    {V} b0 = Avx.LoadVector256(b + {s * nr}), b1 = Avx.LoadVector256(b + {s * nr + lanes});")
        for r in range(MR):
            w(f"{ind}    {V} a{r} = Avx.BroadcastScalarToVector256(a + {s * MR + r});")
            w(f"{ind}    c{r}0 = Fma.MultiplyAdd(a{r}, b0, c{r}0); c{r}1 = Fma.MultiplyAdd(a{r}, b1, c{r}1);")
        w(f"{ind}}}")
    w(f"        for (; p <= kc - {UNROLL}; p += {UNROLL})")
    w("        {")
    for s in range(UNROLL):
        step(s, 12)
    w(f"            a += {UNROLL * MR}; b += {UNROLL * nr};")
    w("        }")
    w("        for (; p < kc; p++)")
    w("        {")
    step(0, 12)
    w(f"            a += {MR}; b += {nr};")
    w("        }")
    w("        if (add)")
    w("        {")
    for r in range(MR):
        w(f"            {T}* r{r} = c + {r} * ldc;")
        w(f"            Avx.Store(r{r}, Avx.Add(Avx.LoadVector256(r{r}), c{r}0)); Avx.Store(r{r} + {lanes}, Avx.Add(Avx.LoadVector256(r{r} + {lanes}), c{r}1));")
    w("        }")
    w("        else")
    w("        {")
    for r in range(MR):
        w(f"            Avx.Store(c + {r} * ldc, c{r}0); Avx.Store(c + {r} * ldc + {lanes}, c{r}1);")
    w("        }")
    w("    }")
    return "\n".join(out)

def fma512_kernel(T, lanes, MR=8):
    nr = 2 * lanes
    V = f"Vector512<{T}>"
    out = []
    w = out.append
    w(f"    /// <summary>{MR}x{nr} {T} tile with AVX-512 FMA; per element the same operations as <c>KernelFma</c>.</summary>")
    w(f"    [MethodImpl(MethodImplOptions.AggressiveOptimization)]")
    w(f"    private static void KernelFma512({T}* a, {T}* b, nint kc, {T}* c, nint ldc, bool add)")
    w("    {")
    regs = [f"c{r}{h}" for r in range(MR) for h in range(2)]
    w(f"        {V} " + ", ".join(f"{x} = default" for x in regs) + ";")
    w("        nint p = 0;")
    def step(s, indent):
        ind = " " * indent
        w(f"{ind}{{")
        w(f"{ind}    {V} b0 = Avx512F.LoadVector512(b + {s * nr}), b1 = Avx512F.LoadVector512(b + {s * nr + lanes});")
        for r in range(MR):
            w(f"{ind}    {V} a{r} = Vector512.Create(a[{s * MR + r}]);")
            w(f"{ind}    c{r}0 = Avx512F.FusedMultiplyAdd(a{r}, b0, c{r}0); c{r}1 = Avx512F.FusedMultiplyAdd(a{r}, b1, c{r}1);")
        w(f"{ind}}}")
    w(f"        for (; p <= kc - {UNROLL}; p += {UNROLL})")
    w("        {")
    for s in range(UNROLL):
        step(s, 12)
    w(f"            a += {UNROLL * MR}; b += {UNROLL * nr};")
    w("        }")
    w("        for (; p < kc; p++)")
    w("        {")
    step(0, 12)
    w(f"            a += {MR}; b += {nr};")
    w("        }")
    w("        if (add)")
    w("        {")
    for r in range(MR):
        w(f"            {T}* r{r} = c + {r} * ldc;")
        w(f"            Avx512F.Store(r{r}, Avx512F.Add(Avx512F.LoadVector512(r{r}), c{r}0)); Avx512F.Store(r{r} + {lanes}, Avx512F.Add(Avx512F.LoadVector512(r{r} + {lanes}), c{r}1));")
    w("        }")
    w("        else")
    w("        {")
    for r in range(MR):
        w(f"            Avx512F.Store(c + {r} * ldc, c{r}0); Avx512F.Store(c + {r} * ldc + {lanes}, c{r}1);")
    w("        }")
    w("    }")
    return "\n".join(out)

def vec_kernel():
    T = "T"
    V = "Vector256<T>"
    out = []
    w = out.append
    w(f"    /// <summary>Portable {MR}x(2 vectors) tile on <see cref=\"Vector256{{T}}\"/> without fused multiply-add.</summary>")
    w(f"    private static void KernelVector<T>(T* a, T* b, nint kc, T* c, nint ldc, bool add) where T : unmanaged, IFloatingPointIeee754<T>")
    w("    {")
    w("        nint lanes = Vector256<T>.Count;")
    w("        nint nr = 2 * lanes;")
    regs = [f"c{r}{h}" for r in range(MR) for h in range(2)]
    w(f"        {V} " + ", ".join(f"{x} = default" for x in regs) + ";")
    w("        for (nint p = 0; p < kc; p++)")
    w("        {")
    w(f"            {V} b0 = Vector256.Load(b), b1 = Vector256.Load(b + lanes);")
    for r in range(MR):
        w(f"            {V} a{r} = Vector256.Create(a[{r}]);")
        w(f"            c{r}0 += a{r} * b0; c{r}1 += a{r} * b1;")
    w(f"            a += {MR}; b += nr;")
    w("        }")
    for r in range(MR):
        w(f"        T* r{r} = c + {r} * ldc;")
        w(f"        if (add) {{ c{r}0 += Vector256.Load(r{r}); c{r}1 += Vector256.Load(r{r} + lanes); }}")
        w(f"        c{r}0.Store(r{r}); c{r}1.Store(r{r} + lanes);")
    w("    }")
    return "\n".join(out)

header = """// <auto-generated> by tools/gen-gemm-kernels.py; edit the generator, not this file. </auto-generated>
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Engine.Backends.Cpu;

internal static unsafe partial class Gemm
{
"""
body = header + fma_kernel("float", "", 8) + "\n\n" + fma_kernel("double", "", 4) + "\n\n" + fma512_kernel("float", 16) + "\n\n" + fma512_kernel("double", 8) + "\n\n" + vec_kernel() + "\n}\n"
open("src/Engine.Core/Backends/Cpu/Gemm.Kernels.g.cs", "w").write(body)
