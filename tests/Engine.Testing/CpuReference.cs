using Engine.Backends.Cpu;

namespace Engine.Testing;

/// <summary>An op table row on the current default backend against the CPU backend, the semantic reference.</summary>
public static class CpuReference
{
    /// <summary>
    /// Evaluates <paramref name="spec"/> on inputs drawn on the default backend (seed 11), then on their copies on
    /// the CPU backend, and throws <see cref="GradCheckException"/> where |device − cpu| &gt; tol · (1 + |cpu|).
    /// </summary>
    public static void CheckValues(OpSpec spec, double tolerance)
    {
        var inputs = spec.Sample(new Generator(11));
        var onDevice = spec.F(inputs).ToArrayDouble();
        double[] onCpu;
        var saved = Tensor.DefaultBackend;
        try
        {
            // Constants an op creates on the fly follow the default backend.
            Tensor.DefaultBackend = CpuBackend.Instance;
            onCpu = spec.F(inputs.Select(x => x.To(CpuBackend.Instance)).ToArray()).ToArrayDouble();
        }
        finally
        {
            Tensor.DefaultBackend = saved;
        }
        if (onCpu.Length != onDevice.Length)
            throw new GradCheckException($"{spec.Name}: {onDevice.Length} values on {saved.Name}, {onCpu.Length} on the CPU");
        for (int i = 0; i < onCpu.Length; i++)
            if (!(Math.Abs(onCpu[i] - onDevice[i]) <= tolerance * (1 + Math.Abs(onCpu[i]))))
                throw new GradCheckException($"{spec.Name}[{i}]: cpu {onCpu[i]:R}, {saved.Name} {onDevice[i]:R} (tolerance {tolerance:G3})");
    }
}
