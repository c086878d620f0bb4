namespace Engine.Diffusion;

/// <summary>Which reference code's buffer padding and window indexing to reproduce (docs/reference-facts.md §8).</summary>
public enum PaddingRule
{
    /// <summary>jannerm/diffuser main: zeros beyond the path end; starts 0 … min(L−1, maxPathLength−H) − 1 (and ≤ L−H − 1 without padding).</summary>
    Diffuser,
    /// <summary>Relative-reward locomotion fork: episodes of length ≤ 1 skipped; observations beyond the end = second-to-last observation.</summary>
    LocomotionFork,
    /// <summary>Relative-reward maze fork: observations beyond the end = last observation; max_start = min(L, maxPathLength−H), without padding max(min(·, L−H), 1); per-episode balancing.</summary>
    MazeFork,
}

/// <summary>
/// Diffuser's SequenceDataset / GoalDataset: episodes in padded buffers [episode, maxPathLength, dim],
/// per-field normalisation fitted on the valid steps, and windows of H steps. An item is the normalised
/// [actions, observations] window x: [H, actionDim + obsDim] and its conditions {0: first observation}
/// (and {H−1: last observation} for goal datasets).
/// </summary>
public sealed class SequenceDataset : IDiffusionDataset
{
    private readonly double[][] _obs, _act; // per episode, normalised, padded to MaxPathLength
    private readonly List<(int Episode, int Start)> _indices = [];

    /// <summary>Windows of <paramref name="horizon"/> steps over <paramref name="episodes"/>, normalised per field, as Diffuser's SequenceDataset (or the maze fork's GoalDataset with <paramref name="goalConditioned"/>).</summary>
    public SequenceDataset(IReadOnlyList<Episode> episodes, int horizon, int maxPathLength = 1000, bool usePadding = true,
        PaddingRule rule = PaddingRule.Diffuser, string normalizer = "limits", bool goalConditioned = false,
        Normalizer? observationNormalizer = null, Normalizer? actionNormalizer = null)
    {
        if (horizon <= 0 || maxPathLength < horizon) throw new ArgumentException($"SequenceDataset: need 0 < horizon {horizon} ≤ maxPathLength {maxPathLength}");
        var eps = episodes.Where(e => rule != PaddingRule.LocomotionFork || e.Length > 1).ToList();
        if (eps.Count == 0) throw new ArgumentException("SequenceDataset: no usable episodes");
        int od = eps[0].ObservationDim, ad = eps[0].ActionDim;
        if (eps.Any(e => e.ObservationDim != od || e.ActionDim != ad)) throw new ArgumentException("SequenceDataset: episodes differ in dimensions");
        if (eps.Any(e => e.Length > maxPathLength)) throw new ArgumentException($"SequenceDataset: an episode is longer than maxPathLength {maxPathLength}");
        Horizon = horizon; ObservationDim = od; ActionDim = ad; GoalConditioned = goalConditioned; MaxPathLength = maxPathLength;

        // Normalisers see valid steps only. Given ones are reused as they are: the paper's code renormalises
        // the expert data with the base data's normaliser so both models see the same coordinates.
        if (observationNormalizer != null && observationNormalizer.Dim != od)
            throw new ArgumentException($"SequenceDataset: the observation normaliser has dimension {observationNormalizer.Dim}, the episodes {od}");
        if (actionNormalizer != null && actionNormalizer.Dim != ad)
            throw new ArgumentException($"SequenceDataset: the action normaliser has dimension {actionNormalizer.Dim}, the episodes {ad}");
        ObservationNormalizer = observationNormalizer ?? Normalizer.Fit(normalizer, eps.SelectMany(e => e.Observations).ToArray(), od);
        ActionNormalizer = actionNormalizer ?? Normalizer.Fit(normalizer, eps.SelectMany(e => e.Actions).ToArray(), ad);

        _obs = new double[eps.Count][];
        _act = new double[eps.Count][];
        PathLengths = eps.Select(e => e.Length).ToArray();
        for (int i = 0; i < eps.Count; i++)
        {
            var e = eps[i];
            var o = new double[maxPathLength * od];
            var a = new double[maxPathLength * ad];
            Array.Copy(e.Observations, o, e.Length * od);
            Array.Copy(e.Actions, a, e.Length * ad);
            int fillRow = rule switch { PaddingRule.LocomotionFork => e.Length - 2, PaddingRule.MazeFork => e.Length - 1, _ => -1 };
            if (fillRow >= 0)
                for (int s = e.Length; s < maxPathLength; s++) Array.Copy(e.Observations, fillRow * od, o, s * od, od);
            _obs[i] = ObservationNormalizer.Normalize(o);
            _act[i] = ActionNormalizer.Normalize(a);
        }
        MakeIndices(rule, usePadding);
    }

    private void MakeIndices(PaddingRule rule, bool usePadding)
    {
        int horizon = Horizon;
        var maxStarts = PathLengths.Select(length =>
        {
            if (rule == PaddingRule.MazeFork)
            {
                int m = Math.Min(length, MaxPathLength - horizon);
                return usePadding ? m : Math.Max(Math.Min(m, length - horizon), 1);
            }
            int ms = Math.Min(length - 1, MaxPathLength - horizon);
            return usePadding ? ms : Math.Min(ms, length - horizon);
        }).ToArray();
        int largest = maxStarts.Max();
        for (int i = 0; i < PathLengths.Length; i++)
        {
            int repeats = rule == PaddingRule.MazeFork && maxStarts[i] > 0 ? Math.Max(1, largest / maxStarts[i]) : 1;
            for (int r = 0; r < repeats; r++)
                for (int s = 0; s < maxStarts[i]; s++) _indices.Add((i, s));
        }
        if (_indices.Count == 0) throw new ArgumentException($"SequenceDataset: no window of horizon {horizon} fits the episodes");
    }

    /// <summary>Steps per window.</summary>
    public int Horizon { get; }
    /// <summary>Observation channels.</summary>
    public int ObservationDim { get; }
    /// <summary>Action channels.</summary>
    public int ActionDim { get; }
    /// <summary>Channels per step: actions then observations.</summary>
    public int TransitionDim => ObservationDim + ActionDim;
    /// <inheritdoc/>
    public IReadOnlyList<int> SampleShape => [Horizon, TransitionDim];
    /// <inheritdoc/>
    public Conditioning Condition(IReadOnlyDictionary<int, Tensor> conditions, int batch, DType dtype) =>
        new(conditions, batch, Horizon, TransitionDim, ActionDim, dtype);
    /// <summary>Episodes are padded to this length.</summary>
    public int MaxPathLength { get; }
    /// <summary>Whether items are conditioned on the first and last observation (maze) or the first only.</summary>
    public bool GoalConditioned { get; }
    /// <summary>The length of each episode.</summary>
    public int[] PathLengths { get; }
    /// <summary>The normalizer fitted on observations.</summary>
    public Normalizer ObservationNormalizer { get; }
    /// <summary>The normalizer fitted on actions.</summary>
    public Normalizer ActionNormalizer { get; }
    /// <summary>The number of windows.</summary>
    public int Count => _indices.Count;
    /// <summary>Window <paramref name="i"/>: its episode and start step.</summary>
    public (int Episode, int Start) Index(int i) => _indices[i];

    /// <summary>Window i: x [H·(actionDim+obsDim)] row-major (actions first per step).</summary>
    public double[] Window(int i)
    {
        var (ep, start) = _indices[i];
        int c = TransitionDim;
        var x = new double[Horizon * c];
        for (int h = 0; h < Horizon; h++)
        {
            Array.Copy(_act[ep], (start + h) * ActionDim, x, h * c, ActionDim);
            Array.Copy(_obs[ep], (start + h) * ObservationDim, x, h * c + ActionDim, ObservationDim);
        }
        return x;
    }

    /// <summary>
    /// A batch: x [B, H, C] (float32 or float64) and the conditions {0: first observations [B, obsDim]}
    /// (plus {H−1: last observations} for goal datasets).
    /// </summary>
    public (Tensor X, Dictionary<int, Tensor> Conditions) Batch(int[] indices, DType dtype = DType.Float32)
    {
        int b = indices.Length, c = TransitionDim, horizon = Horizon;
        var x = new double[b * horizon * c];
        for (int k = 0; k < b; k++) Array.Copy(Window(indices[k]), 0, x, k * horizon * c, horizon * c);
        Tensor Make(double[] v, params int[] shape) => dtype == DType.Float64 ? Tensor.FromArray(v, shape) : Tensor.FromArray(v.Select(d => (float)d).ToArray(), shape);
        Tensor Obs(int h)
        {
            var o = new double[b * ObservationDim];
            for (int k = 0; k < b; k++) Array.Copy(x, (k * horizon + h) * c + ActionDim, o, k * ObservationDim, ObservationDim);
            return Make(o, b, ObservationDim);
        }
        var cond = new Dictionary<int, Tensor> { [0] = Obs(0) };
        if (GoalConditioned) cond[horizon - 1] = Obs(horizon - 1);
        return (Make(x, b, horizon, c), cond);
    }

    /// <summary>A uniformly random batch (with replacement) drawn from <paramref name="g"/>.</summary>
    public (Tensor X, Dictionary<int, Tensor> Conditions) SampleBatch(Generator g, int batch, DType dtype = DType.Float32) =>
        Batch(Enumerable.Range(0, batch).Select(_ => (int)g.NextInt(Count)).ToArray(), dtype);
}
