using System.Reflection;
using Engine.Kernels.Devices;
using Engine.Kernels.Elementwise;
using Engine.Kernels.Scalar;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;

namespace Engine.Kernels.Tests;

/// <summary>
/// Compiles every kernel, and every instantiation of the generic ones over all scalar functors, to PTX for
/// sm_80 (A100) and sm_90 (H100/H200) without a GPU; any ILGPU compile error fails the test. The PTX is
/// also checked for atomics: the library promises deterministic results, so none may appear.
/// </summary>
public sealed class PtxCompileTests
{
    private static readonly Assembly KernelAssembly = typeof(KernelEntryAttribute).Assembly;
    private static readonly System.Text.RegularExpressions.Regex Atomics = new(@"\b(atom|red)\.");

    public static TheoryData<string> KernelNames =>
        new(EntryPoints().Select(m => $"{m.DeclaringType!.Name}.{m.Name}").Distinct());

    [Theory]
    [MemberData(nameof(KernelNames))]
    public void EveryInstantiationCompilesForSm80AndSm90(string kernel)
    {
        var method = EntryPoints().Single(m => $"{m.DeclaringType!.Name}.{m.Name}" == kernel);
        using var context = KernelContext.Create(b => b.DefaultCPU());
        var targets = new[] { CudaArchitecture.SM_80, CudaArchitecture.SM_90 };
        var failures = new List<string>();
        int compiled = 0;
        foreach (var arch in targets)
        {
            using var backend = new PTXBackend(context, new CudaCapabilityContext(arch), arch, CudaInstructionSet.ISA_85, null);
            foreach (var instance in Instantiations(method))
            {
                try
                {
                    var entry = EntryPointDescription.FromExplicitlyGroupedKernel(instance);
                    var ptx = ((PTXCompiledKernel)backend.Compile(entry, KernelSpecialization.Empty)).PTXAssembly;
                    if (!ptx.Contains(".entry")) failures.Add($"{Describe(instance)} on {arch}: no .entry in the PTX");
                    if (Atomics.IsMatch(ptx)) failures.Add($"{Describe(instance)} on {arch}: uses atomics");
                    compiled++;
                }
                catch (Exception e)
                {
                    failures.Add($"{Describe(instance)} on {arch}: {e.GetType().Name}: {e.Message} {e.InnerException?.Message}");
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(compiled >= targets.Length, $"{kernel}: nothing compiled");
    }

    [Fact]
    public void EveryPublicMethodOfAKernelsClassIsMarkedAsAnEntryPoint()
    {
        var unmarked = KernelAssembly.GetTypes()
            .Where(t => t.Name.EndsWith("Kernels", StringComparison.Ordinal) && t.IsAbstract && t.IsSealed)
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttribute<KernelEntryAttribute>() is null)
            .Select(m => $"{m.DeclaringType!.Name}.{m.Name}")
            .ToList();
        Assert.Empty(unmarked);
        Assert.True(EntryPoints().Count() >= 20);
    }

    private static IEnumerable<MethodInfo> EntryPoints() =>
        KernelAssembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttribute<KernelEntryAttribute>() is not null);

    /// <summary>Each generic parameter in turn runs over all its candidate types, the others held at their first.</summary>
    private static IEnumerable<MethodInfo> Instantiations(MethodInfo method)
    {
        if (!method.IsGenericMethodDefinition)
        {
            yield return method;
            yield break;
        }
        var parameters = method.GetGenericArguments();
        var candidates = parameters.Select(Candidates).ToArray();
        var seen = new HashSet<string>();
        for (int p = 0; p < parameters.Length; p++)
            foreach (var type in candidates[p])
            {
                var args = candidates.Select(c => c[0]).ToArray();
                args[p] = type;
                if (Instantiate(method, args) is { } instance && seen.Add(Describe(instance))) yield return instance;
            }
    }

    /// <summary>The instantiation, or null where the types break the method's constraints (int for a floating-point kernel).</summary>
    private static MethodInfo? Instantiate(MethodInfo method, Type[] args)
    {
        try
        {
            return method.MakeGenericMethod(args);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static Type[] Candidates(Type parameter)
    {
        var constraints = parameter.GetGenericParameterConstraints();
        if (constraints.Contains(typeof(IUnaryFunctor)))
            return [typeof(IdentityF), .. Implementations(typeof(IUnaryFunctor)), typeof(Then<Then<MulScalarF, TanhF>, ExpF>)];
        if (constraints.Contains(typeof(IBinaryFunctor)))
            return [typeof(AddF), .. Implementations(typeof(IBinaryFunctor)),
                typeof(ZipThen<MulF, TanhF>), typeof(ZipOver<MulF, IdentityF, StepF>)];
        return [typeof(float), typeof(double), typeof(int)];
    }

    private static IEnumerable<Type> Implementations(Type iface) =>
        typeof(IUnaryFunctor).Assembly.GetTypes().Concat(KernelAssembly.GetTypes())
            .Where(t => t.IsValueType && !t.IsGenericTypeDefinition && iface.IsAssignableFrom(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal);

    private static string Describe(MethodInfo m) =>
        m.IsGenericMethod ? $"{m.Name}<{string.Join(",", m.GetGenericArguments().Select(a => a.Name))}>" : m.Name;
}
