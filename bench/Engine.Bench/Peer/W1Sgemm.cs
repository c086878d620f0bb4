using Engine.Backends.Cpu;

namespace Engine.Bench.Peer;

/// <summary>
/// W1: C = A·B for n×n float matrices, n = 128..2048, output allocated per call (as torch.mm does);
/// GFLOP/s = 2n³ / t. Inputs are standard normal (Box-Muller over a seeded generator).
/// </summary>
public sealed class W1Sgemm : IPeerWorkload
{
    public static readonly int[] Sizes = [128, 256, 512, 1024, 2048];

    public string Name => "W1";

    public void Run(PeerContext context)
    {
        foreach (int n in Sizes)
        {
            float[] a = Normal(n * n, 0), b = Normal(n * n, 1);
            PeerTiming t = context.Measure(() => Multiply(n, a, b));
            double gflops = 2.0 * n * n * (double)n / (t.MedianMs * 1e-3) / 1e9;
            var fields = new List<KeyValuePair<string, object?>> { new("workload", "W1_sgemm"), new("n", n) };
            fields.AddRange(t.Fields());
            fields.Add(new("gflops", Math.Round(gflops, 2)));
            context.Emit(fields);
        }
    }

    /// <summary>One W1 call: a fresh (uninitialised, like torch.empty) output, fully overwritten.</summary>
    public static float[] Multiply(int n, float[] a, float[] b)
    {
        float[] c = GC.AllocateUninitializedArray<float>(n * n);
        Gemm.Multiply(n, n, n, a, 0, n, 1, b, 0, n, 1, c, 0, n, accumulate: false);
        return c;
    }

    public static float[] Normal(int count, int seed)
    {
        var rng = new Random(seed);
        var x = new float[count];
        for (int i = 0; i < count; i++)
            x[i] = (float)(Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()));
        return x;
    }
}
