using Engine.NN;

namespace Engine.Rewards.Extraction;

/// <summary>
/// Alignment tuples (x, t, μ_B, μ_E) kept on the host in float32, drawn uniformly with replacement. A sample has
/// any shape ([horizon, transition] for trajectories, [channels, height, width] for images); a row is one sample.
/// </summary>
internal sealed class TupleStore
{
    private readonly float[] _x, _mb, _me;
    private readonly int[] _t;
    private readonly int _row;
    private int _filled;

    public TupleStore(int capacity, IReadOnlyList<int> sampleShape)
    {
        SampleShape = [.. sampleShape];
        _row = SampleShape.Aggregate(1, (a, b) => checked(a * b));
        if ((long)capacity * _row > int.MaxValue) throw new ArgumentException($"alignment tuples: {capacity} tuples of {_row} values do not fit one array");
        _x = new float[capacity * _row]; _mb = new float[capacity * _row]; _me = new float[capacity * _row];
        _t = new int[capacity];
    }

    public TupleStore(int capacity, int horizon, int transitionDim) : this(capacity, [horizon, transitionDim]) { }

    public int[] SampleShape { get; }
    public int Horizon => SampleShape[0];
    public int TransitionDim => _row / SampleShape[0];
    public int Count => _filled;

    /// <summary>Values per sample (the product of the sample shape).</summary>
    public int Row => _row;

    /// <summary>Appends b tuples: x, μ_B, μ_E: [b, …sample], all at the steps t.</summary>
    public void Add(Tensor x, Tensor meanBase, Tensor meanExpert, int[] t)
    {
        if (_filled + t.Length > _t.Length) throw new InvalidOperationException($"alignment tuples: {t.Length} more tuples overflow the store of {_t.Length}");
        Copy(x, _x); Copy(meanBase, _mb); Copy(meanExpert, _me);
        Array.Copy(t, 0, _t, _filled, t.Length);
        _filled += t.Length;
    }

    private void Copy(Tensor v, float[] into)
    {
        var a = v.ToArrayDouble();
        for (int j = 0; j < a.Length; j++) into[_filled * _row + j] = (float)a[j];
    }

    /// <summary>
    /// Fits per-step, per-coordinate standard scaling to the stored x (paper appendix E.1.6) and applies the same
    /// map v ↦ (v − m_t)/s_t to x, μ_B and μ_E of every tuple at step t, so the target μ_E − μ_B becomes (μ_E − μ_B)/s_t.
    /// </summary>
    public StepStandardScaling Standardize(int steps)
    {
        var scaling = StepStandardScaling.Fit(_x, _t, _filled, steps, SampleShape);
        for (int i = 0; i < _filled; i++)
        {
            scaling.ApplyRow(_x, i * _row, _t[i]);
            scaling.ApplyRow(_mb, i * _row, _t[i]);
            scaling.ApplyRow(_me, i * _row, _t[i]);
        }
        return scaling;
    }

    public AlignmentBatch Next(Generator g, int batchSize)
    {
        if (batchSize <= 0) throw new ArgumentException($"alignment tuples: batch size must be positive, got {batchSize}");
        if (_filled == 0) throw new InvalidOperationException("alignment tuples: the store is empty");
        var x = new float[batchSize * _row]; var mb = new float[batchSize * _row]; var me = new float[batchSize * _row];
        var t = new int[batchSize];
        for (int b = 0; b < batchSize; b++)
        {
            int i = (int)g.NextInt(_filled);
            Array.Copy(_x, i * _row, x, b * _row, _row);
            Array.Copy(_mb, i * _row, mb, b * _row, _row);
            Array.Copy(_me, i * _row, me, b * _row, _row);
            t[b] = _t[i];
        }
        int[] shape = [batchSize, .. SampleShape];
        return new AlignmentBatch(Tensor.FromArray(x, shape), t, Tensor.FromArray(mb, shape), Tensor.FromArray(me, shape));
    }

    /// <summary>Writes the filled tuples (x, mean_base, mean_expert: [n, …sample] float32; t: [n] int32) atomically.</summary>
    public void Save(string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        int[] shape = [_filled, .. SampleShape];
        int n = _filled * _row;
        SafeTensors.Save(path, new Dictionary<string, Tensor>
        {
            ["x"] = Tensor.FromArray(_x[..n], shape),
            ["mean_base"] = Tensor.FromArray(_mb[..n], shape),
            ["mean_expert"] = Tensor.FromArray(_me[..n], shape),
            ["t"] = Tensor.FromArray(_t[.._filled], _filled),
        }, metadata);
    }

    /// <summary>Reads what <see cref="Save"/> wrote; a file of another layout is an <see cref="Engine.IO.InputException"/> naming it.</summary>
    public static TupleStore Load(string path)
    {
        var f = SafeTensors.Load(path);
        string where = Engine.IO.InputException.Location(path);
        if (!f.TryGetValue("x", out var x) || !f.TryGetValue("mean_base", out var mb) || !f.TryGetValue("mean_expert", out var me) || !f.TryGetValue("t", out var t)
            || x.Rank < 2 || !x.Shape.SequenceEqual(mb.Shape) || !x.Shape.SequenceEqual(me.Shape) || t.Rank != 1 || t.Shape[0] != x.Shape[0] || t.DType != DType.Int32)
            throw new Engine.IO.InputException("not an alignment-tuple file", where, "it needs x, mean_base, mean_expert [n, …] and t [n] (int32)");
        var store = new TupleStore(x.Shape[0], x.Shape[1..]);
        store.Add(x, mb, me, t.ToArrayInt());
        return store;
    }
}
