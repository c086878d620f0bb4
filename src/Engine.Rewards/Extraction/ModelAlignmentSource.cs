using Engine.Autodiff;
using Engine.Diffusion;

namespace Engine.Rewards.Extraction;

/// <summary>
/// Algorithm 2 (paper appendix D): training pairs from the two diffusion models alone, no dataset. For each
/// model m ∈ {base, expert}, K chains start at x ~ N(0, I); at every step i = T−1…0 both models denoise the
/// current x, the tuple (x, i, μ_B(x, i), μ_E(x, i)) is stored, and the chain continues with model m's step
/// x ← μ_m + σ_i ε (ε = 0 at i = 0). Both models' steps share one ε, so x^(E) − x^(B) = μ_E − μ_B exactly.
/// Tuples are kept on the host in float32 and drawn uniformly with replacement.
/// </summary>
public sealed class ModelAlignmentSource : IAlignmentSource
{
    private readonly float[] _x, _mb, _me;
    private readonly int[] _t;
    private readonly int _row;

    private ModelAlignmentSource(int horizon, int transitionDim, float[] x, float[] mb, float[] me, int[] t)
    {
        Horizon = horizon; TransitionDim = transitionDim;
        _x = x; _mb = mb; _me = me; _t = t; _row = horizon * transitionDim;
    }

    public int Horizon { get; }
    public int TransitionDim { get; }

    /// <summary>Stored tuples (2·K·T).</summary>
    public int Count => _t.Length;

    /// <summary>
    /// Runs K = <paramref name="chainsPerModel"/> chains per model, <paramref name="chunk"/> chains at a time.
    /// <paramref name="progress"/> receives the number of denoising steps done so far (of 2·K·T).
    /// </summary>
    public static ModelAlignmentSource Generate(GaussianDiffusion baseModel, GaussianDiffusion expertModel, int chainsPerModel, Generator g,
        int chunk = 64, IProgress<long>? progress = null, DType dtype = DType.Float32)
    {
        DataAlignmentSource.CheckPair(baseModel, expertModel);
        if (chainsPerModel <= 0 || chunk <= 0) throw new ArgumentException($"ModelAlignmentSource.Generate: chainsPerModel ({chainsPerModel}) and chunk ({chunk}) must be positive");
        int h = baseModel.Horizon, c = baseModel.TransitionDim, steps = baseModel.Steps, row = h * c;
        long n = 2L * chainsPerModel * steps;
        if (n * row > int.MaxValue) throw new ArgumentException($"ModelAlignmentSource.Generate: {n} tuples of {row} values do not fit one array");
        var xs = new float[n * row]; var mbs = new float[n * row]; var mes = new float[n * row]; var ts = new int[n];
        long k = 0, done = 0;
        using var _ = Autograd.NoGrad();
        foreach (var follow in new[] { baseModel, expertModel })
            for (int start = 0; start < chainsPerModel; start += chunk)
            {
                int b = Math.Min(chunk, chainsPerModel - start);
                var x = Tensor.RandN(g, [b, h, c], dtype);
                for (int i = steps - 1; i >= 0; i--)
                {
                    var t = Enumerable.Repeat(i, b).ToArray();
                    var mb = baseModel.PMeanVariance(x, t).Mean;
                    var me = expertModel.PMeanVariance(x, t).Mean;
                    Store(x, xs); Store(mb, mbs); Store(me, mes);
                    for (int j = 0; j < b; j++) ts[k + j] = i;
                    k += b;
                    var noise = Tensor.RandN(g, [b, h, c], dtype);
                    double sigma = i == 0 ? 0 : Math.Exp(0.5 * baseModel.Schedule.PosteriorLogVarianceClipped[i]);
                    x = (ReferenceEquals(follow, baseModel) ? mb : me) + noise * sigma;
                    done += b;
                    progress?.Report(done);
                }
            }
        return new ModelAlignmentSource(h, c, xs, mbs, mes, ts);

        void Store(Tensor v, float[] into)
        {
            var a = v.ToArrayDouble();
            for (int j = 0; j < a.Length; j++) into[k * row + j] = (float)a[j];
        }
    }

    public AlignmentBatch Next(Generator g, int batchSize)
    {
        if (batchSize <= 0) throw new ArgumentException($"ModelAlignmentSource.Next: batch size must be positive, got {batchSize}");
        var x = new float[batchSize * _row]; var mb = new float[batchSize * _row]; var me = new float[batchSize * _row];
        var t = new int[batchSize];
        for (int b = 0; b < batchSize; b++)
        {
            int i = (int)g.NextInt(Count);
            Array.Copy(_x, (long)i * _row, x, (long)b * _row, _row);
            Array.Copy(_mb, (long)i * _row, mb, (long)b * _row, _row);
            Array.Copy(_me, (long)i * _row, me, (long)b * _row, _row);
            t[b] = _t[i];
        }
        int[] shape = [batchSize, Horizon, TransitionDim];
        return new AlignmentBatch(Tensor.FromArray(x, shape), t, Tensor.FromArray(mb, shape), Tensor.FromArray(me, shape));
    }
}
