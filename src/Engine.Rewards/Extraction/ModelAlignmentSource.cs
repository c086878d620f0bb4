using Engine.Autodiff;
using Engine.Diffusion;

namespace Engine.Rewards.Extraction;

/// <summary>
/// Algorithm 2 (paper appendix D): training pairs from the two diffusion models alone, no dataset. For each
/// model m ∈ {base, expert}, K chains start at x ~ N(0, I); at every step i = T−1…0 both models denoise the
/// current x, the tuple (x, i, μ_B(x, i), μ_E(x, i)) is stored, and the chain continues with model m's step
/// x ← μ_m + σ_i ε (ε = 0 at i = 0). Both models' steps share one ε, so x^(E) − x^(B) = μ_E − μ_B exactly.
/// Samples have any shape (trajectories [horizon, transition], images [channels, height, width]).
/// Tuples are kept on the host in float32 and drawn uniformly with replacement.
/// </summary>
public sealed class ModelAlignmentSource : IAlignmentSource
{
    private readonly TupleStore _store;

    private ModelAlignmentSource(TupleStore store) => _store = store;

    /// <inheritdoc/>
    public int Horizon => _store.Horizon;
    /// <inheritdoc/>
    public int TransitionDim => _store.TransitionDim;
    /// <inheritdoc/>
    public IReadOnlyList<int> SampleShape => _store.SampleShape;

    /// <summary>Stored tuples (2·K·T).</summary>
    public int Count => _store.Count;

    /// <summary>
    /// Runs K = <paramref name="chainsPerModel"/> chains per model, <paramref name="chunk"/> chains at a time.
    /// <paramref name="progress"/> receives the number of tuples stored so far (of 2·K·T).
    /// </summary>
    public static ModelAlignmentSource Generate(GaussianDiffusion baseModel, GaussianDiffusion expertModel, int chainsPerModel, Generator g,
        int chunk = 64, IProgress<long>? progress = null, DType dtype = DType.Float32)
    {
        DataAlignmentSource.CheckPair(baseModel, expertModel);
        if (chainsPerModel <= 0 || chunk <= 0) throw new ArgumentException($"ModelAlignmentSource.Generate: chainsPerModel ({chainsPerModel}) and chunk ({chunk}) must be positive");
        int steps = baseModel.Steps;
        long n = 2L * chainsPerModel * steps;
        if (n > int.MaxValue) throw new ArgumentException($"ModelAlignmentSource.Generate: {n} tuples are too many");
        var store = new TupleStore((int)n, baseModel.SampleShape);
        using var _ = Autograd.NoGrad();
        foreach (var follow in new[] { baseModel, expertModel })
            for (int start = 0; start < chainsPerModel; start += chunk)
            {
                int b = Math.Min(chunk, chainsPerModel - start);
                var x = Tensor.RandN(g, baseModel.BatchShape(b), dtype);
                for (int i = steps - 1; i >= 0; i--)
                {
                    // Each step's activations go back to the storage pool; only the chain's next x leaves the scope.
                    using var scope = Tensor.Scope();
                    var t = Enumerable.Repeat(i, b).ToArray();
                    var mb = baseModel.PMeanVariance(x, t).Mean;
                    var me = expertModel.PMeanVariance(x, t).Mean;
                    store.Add(x, mb, me, t);
                    var noise = Tensor.RandN(g, baseModel.BatchShape(b), dtype);
                    double sigma = i == 0 ? 0 : Math.Exp(0.5 * baseModel.Schedule.PosteriorLogVarianceClipped[i]);
                    x = scope.Keep((ReferenceEquals(follow, baseModel) ? mb : me) + noise * sigma);
                    progress?.Report(store.Count);
                }
            }
        return new ModelAlignmentSource(store);
    }

    /// <summary>
    /// Standard-scales the stored tuples per diffusion step and coordinate (paper appendix E.1.6) in place and
    /// returns the map, which the trained reward needs to see raw samples (<see cref="StepStandardScaling.Wrap"/>).
    /// </summary>
    public StepStandardScaling Standardize(int steps) => _store.Standardize(steps);

    /// <summary>Writes the tuples atomically (safetensors: x, mean_base, mean_expert, t).</summary>
    public void Save(string path, IReadOnlyDictionary<string, string>? metadata = null) => _store.Save(path, metadata);

    /// <summary>Reads tuples <see cref="Save"/> wrote.</summary>
    public static ModelAlignmentSource Load(string path) => new(TupleStore.Load(path));

    /// <inheritdoc/>
    public AlignmentBatch Next(Generator g, int batchSize) => _store.Next(g, batchSize);
}
