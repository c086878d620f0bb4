using Engine.Autodiff;
using Engine.Diffusion;

namespace Engine.Rewards.Extraction;

/// <summary>
/// Algorithm 1's batches (docs/reference-facts.md §2): x₀ from the data, t ~ U{0…T−1}, x_t = √ᾱ_t x₀ + √(1−ᾱ_t) ε
/// (no inpainting), then μ_B(x_t, t) and μ_E(x_t, t) without gradients. With several datasets every sample
/// first picks a dataset uniformly (the authors' balanced "mixed" option), then a window uniformly.
/// All datasets must already be in the base model's normalisation.
/// </summary>
public sealed class DataAlignmentSource : IAlignmentSource
{
    private readonly GaussianDiffusion _base, _expert;
    private readonly IReadOnlyList<SequenceDataset> _data;
    private readonly DType _dtype;

    /// <summary>Batches from one or more datasets, evaluated by the two models.</summary>
    /// <param name="baseModel">The base diffusion model (μ_B); its schedule noises x₀.</param>
    /// <param name="expertModel">The expert diffusion model (μ_E); same horizon, transition layout and schedule.</param>
    /// <param name="data">Windows x₀, already in the base model's normalisation; each sample picks a dataset uniformly.</param>
    /// <param name="dtype">dtype of the batches (the models' parameters must match).</param>
    /// <exception cref="ArgumentException">The models differ in shape or schedule, no dataset is given, or a dataset's windows do not fit the models.</exception>
    public DataAlignmentSource(GaussianDiffusion baseModel, GaussianDiffusion expertModel, IReadOnlyList<SequenceDataset> data, DType dtype = DType.Float32)
    {
        CheckPair(baseModel, expertModel);
        if (data.Count == 0) throw new ArgumentException("DataAlignmentSource: no dataset given");
        foreach (var d in data)
            if (d.Horizon != baseModel.Horizon || d.TransitionDim != baseModel.TransitionDim || d.ActionDim != baseModel.ActionDim)
                throw new ArgumentException($"DataAlignmentSource: dataset windows [{d.Horizon}, {d.TransitionDim}] (actions {d.ActionDim}) do not fit the models' [{baseModel.Horizon}, {baseModel.TransitionDim}] (actions {baseModel.ActionDim})");
        _base = baseModel; _expert = expertModel; _data = data; _dtype = dtype;
    }

    /// <summary>Both models must share sample shape (horizon, transition layout) and noise schedule, or their means are not comparable.</summary>
    internal static void CheckPair(GaussianDiffusion b, GaussianDiffusion e)
    {
        if (!b.SampleShape.SequenceEqual(e.SampleShape))
            throw new ArgumentException($"alignment: base model samples [{string.Join(", ", b.SampleShape)}] and expert model samples [{string.Join(", ", e.SampleShape)}] differ");
        if (b.Horizon != e.Horizon || b.TransitionDim != e.TransitionDim || b.ActionDim != e.ActionDim)
            throw new ArgumentException($"alignment: base model [{b.Horizon}, {b.TransitionDim}] (actions {b.ActionDim}) and expert model [{e.Horizon}, {e.TransitionDim}] (actions {e.ActionDim}) differ");
        if (b.Steps != e.Steps || !b.Schedule.Betas.SequenceEqual(e.Schedule.Betas))
            throw new ArgumentException($"alignment: the base ({b.Steps} steps) and expert ({e.Steps} steps) models must share one noise schedule");
    }

    /// <inheritdoc/>
    public int Horizon => _base.Horizon;
    /// <inheritdoc/>
    public int TransitionDim => _base.TransitionDim;

    /// <inheritdoc/>
    /// <exception cref="ArgumentException"><paramref name="batchSize"/> is not positive.</exception>
    public AlignmentBatch Next(Generator g, int batchSize)
    {
        if (batchSize <= 0) throw new ArgumentException($"DataAlignmentSource.Next: batch size must be positive, got {batchSize}");
        int h = Horizon, c = TransitionDim;
        var x0 = new double[batchSize * h * c];
        for (int b = 0; b < batchSize; b++)
        {
            var d = _data[_data.Count == 1 ? 0 : (int)g.NextInt(_data.Count)];
            Array.Copy(d.Window((int)g.NextInt(d.Count)), 0, x0, b * h * c, h * c);
        }
        var t = new int[batchSize];
        for (int b = 0; b < batchSize; b++) t[b] = (int)g.NextInt(_base.Steps);
        return Make(_base, _expert, Host(x0, [batchSize, h, c], _dtype), t, g);
    }

    /// <summary>Noises x₀ at t with noise from <paramref name="g"/> and evaluates both models (no gradients).</summary>
    public static AlignmentBatch Make(GaussianDiffusion baseModel, GaussianDiffusion expertModel, Tensor x0, int[] t, Generator g)
    {
        using var _ = Autograd.NoGrad();
        var xt = baseModel.QSample(x0, t, Tensor.RandN(g, x0.Shape, x0.DType, x0.Backend));
        return new AlignmentBatch(xt, t, baseModel.PMeanVariance(xt, t).Mean, expertModel.PMeanVariance(xt, t).Mean);
    }

    internal static Tensor Host(double[] v, int[] shape, DType dtype) =>
        dtype == DType.Float64 ? Tensor.FromArray(v, shape) : Tensor.FromArray(v.Select(d => (float)d).ToArray(), shape);
}
