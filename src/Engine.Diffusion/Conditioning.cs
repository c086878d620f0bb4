namespace Engine.Diffusion;

/// <summary>
/// Diffuser's inpainting conditions: for each key τ, x[:, τ, actionDim:] = value (observation channels
/// only). Built once per condition set as a keep mask k = 1 − m: [1, H, C] and a fill f: [B, H, C] (zero off the mask), applied as
/// x·k + f, which is exact: conditioned entries become the values bit for bit and the others are
/// untouched.
/// </summary>
public sealed class Conditioning
{
    private readonly Tensor _keep, _fill;

    /// <param name="conditions">τ → observation values [batch, observationDim].</param>
    /// <param name="batch">Samples per batch.</param>
    /// <param name="horizon">Steps per trajectory.</param>
    /// <param name="transitionDim">Channels per step (actions then observations).</param>
    /// <param name="actionDim">Leading action channels (never conditioned).</param>
    /// <param name="dtype">The dtype of the trajectories it is applied to.</param>
    public Conditioning(IReadOnlyDictionary<int, Tensor> conditions, int batch, int horizon, int transitionDim, int actionDim, DType dtype)
    {
        int obsDim = transitionDim - actionDim;
        var mask = new double[horizon * transitionDim];
        var fill = new double[batch * horizon * transitionDim];
        foreach (var (tau, value) in conditions)
        {
            if (tau < 0 || tau >= horizon) throw new ArgumentException($"Conditioning: time index {tau} outside the horizon [0, {horizon})");
            if (!value.Shape.SequenceEqual([batch, obsDim]))
                throw new ArgumentException($"Conditioning: value for τ={tau} must be [batch {batch}, observationDim {obsDim}], got {Engine.NN.ShapeFormat.Of(value)}");
            var v = value.ToArrayDouble();
            for (int c = 0; c < obsDim; c++)
            {
                mask[tau * transitionDim + actionDim + c] = 1;
                for (int b = 0; b < batch; b++) fill[(b * horizon + tau) * transitionDim + actionDim + c] = v[b * obsDim + c];
            }
        }
        Count = conditions.Count;
        _keep = Make(mask.Select(m => 1 - m).ToArray(), [1, horizon, transitionDim], dtype);
        _fill = Make(fill, [batch, horizon, transitionDim], dtype);
    }

    // A condition set usually outlives the dispose scope it was built in (a training step, a sampling step).
    private static Tensor Make(double[] v, int[] shape, DType dtype) =>
        (dtype == DType.Float64 ? Tensor.FromArray(v, shape) : Tensor.FromArray(v.Select(d => (float)d).ToArray(), shape)).DetachFromScope();

    /// <summary>Number of conditioned time indices.</summary>
    public int Count { get; }

    /// <summary>x: [batch, horizon, transition] with the conditioned entries overwritten.</summary>
    public Tensor Apply(Tensor x)
    {
        if (Count == 0) return x;
        if (!x.Shape.SequenceEqual(_fill.Shape))
            throw new ArgumentException($"Conditioning.Apply: x must be {Engine.NN.ShapeFormat.Of(_fill)}, got {Engine.NN.ShapeFormat.Of(x)}");
        var (keep, fill) = x.Backend == _fill.Backend ? (_keep, _fill) : (_keep.To(x.Backend), _fill.To(x.Backend));
        return x * keep + fill; // fill is zero off the mask
    }

    /// <summary>No conditions, for samples of any shape (e.g. images): <see cref="Apply"/> returns its argument.</summary>
    public static Conditioning Unconditional { get; } = None(1, 1, 1, DType.Float32);

    /// <summary>No conditions.</summary>
    public static Conditioning None(int batch, int horizon, int transitionDim, DType dtype) =>
        new(new Dictionary<int, Tensor>(), batch, horizon, transitionDim, 0, dtype);
}
