using Engine.Testing;

namespace Engine.GpuCheck;

/// <summary>
/// The backend test suite's checks without a test runner (the GPU image has no .NET SDK): every row of the shared
/// op table on the default backend against the CPU backend, then its first- and second-order gradient checks.
/// One line per row; the exit code is 1 when any row fails.
/// </summary>
internal static class OpSuite
{
    /// <summary>Rows whose function captures an index tensor made on the CPU backend (Engine.Backends.Ilgpu.Tests' IndexOpTests covers them on the device).</summary>
    private static readonly string[] CaptureCpuTensors = ["index_select", "index_add"];

    /// <param name="onGpu">Looser tolerances: the GPU's float math is hardware approximations (docs/backends.md).</param>
    /// <param name="gradients">Run the gradient checks too.</param>
    public static int Run(bool onGpu, bool gradients)
    {
        int passed = 0, failed = 0;
        foreach (var spec in OpSpecs.All.Where(s => !CaptureCpuTensors.Contains(s.Name)))
        {
            try
            {
                using var scope = Tensor.Scope();
                CpuReference.CheckValues(spec, onGpu ? 1e-5 : 1e-12);
                if (gradients)
                {
                    var g = new Generator(7);
                    GradCheck.Check(spec.Name, spec.F, spec.Sample(g), g, tolerance: onGpu ? 1e-4 : 1e-6, secondOrder: spec.SecondOrder);
                }
                passed++;
            }
            catch (Exception e) when (e is GradCheckException or ArgumentException or InvalidOperationException)
            {
                failed++;
                Console.WriteLine($"FAIL {spec.Name}: {e.Message}");
            }
        }
        Console.WriteLine($"op table on {Tensor.DefaultBackend.Name}: {passed} passed, {failed} failed" +
            $"{(gradients ? ", values and gradient checks" : ", values only")}; {CaptureCpuTensors.Length} index rows left to the test suite");
        return failed == 0 ? 0 : 1;
    }
}
