namespace Engine.Rewards.Extraction;

/// <summary>Alignment tuples (x, t, μ_B, μ_E) kept on the host in float32, drawn uniformly with replacement.</summary>
internal sealed class TupleStore
{
    private readonly float[] _x, _mb, _me;
    private readonly int[] _t;
    private readonly int _row;
    private int _filled;

    public TupleStore(int capacity, int horizon, int transitionDim)
    {
        Horizon = horizon; TransitionDim = transitionDim;
        _row = horizon * transitionDim;
        if ((long)capacity * _row > int.MaxValue) throw new ArgumentException($"alignment tuples: {capacity} tuples of {_row} values do not fit one array");
        _x = new float[capacity * _row]; _mb = new float[capacity * _row]; _me = new float[capacity * _row];
        _t = new int[capacity];
    }

    public int Horizon { get; }
    public int TransitionDim { get; }
    public int Count => _filled;

    /// <summary>Appends b tuples: x, μ_B, μ_E: [b, H, C], all at the steps t.</summary>
    public void Add(Tensor x, Tensor meanBase, Tensor meanExpert, int[] t)
    {
        Copy(x, _x); Copy(meanBase, _mb); Copy(meanExpert, _me);
        Array.Copy(t, 0, _t, _filled, t.Length);
        _filled += t.Length;
    }

    private void Copy(Tensor v, float[] into)
    {
        var a = v.ToArrayDouble();
        for (int j = 0; j < a.Length; j++) into[_filled * _row + j] = (float)a[j];
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
        int[] shape = [batchSize, Horizon, TransitionDim];
        return new AlignmentBatch(Tensor.FromArray(x, shape), t, Tensor.FromArray(mb, shape), Tensor.FromArray(me, shape));
    }
}
