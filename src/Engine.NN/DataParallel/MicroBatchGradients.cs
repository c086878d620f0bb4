namespace Engine.NN;

/// <summary>
/// One data-parallel step's gradients: each micro-batch's gradients of the parameters are captured into a slot after
/// its backward pass, the slots of every rank are gathered onto every rank, and their sum in micro-batch order,
/// ((g₀ + g₁) + g₂) + …, becomes the parameters' gradient — the same bits on every rank and for every rank count.
/// </summary>
/// <remarks>
/// A slot is the flattened gradients of all parameters (in the order given), one presence flag per parameter (a
/// parameter no micro-batch reached keeps no gradient, as in the plain step, so the optimiser skips it), and the
/// micro-batch's loss travels in a separate float64 gather so that it is reported exactly. All trainable parameters
/// must share one dtype (float32 or float64), which is the slots' type.
/// </remarks>
public sealed class MicroBatchGradients
{
    private readonly Parameter[] _params;
    private readonly DataParallel _plan;
    private readonly int _elements, _slot;
    private readonly bool _float64;
    private readonly float[] _mineF = [], _allF = [];
    private readonly double[] _mineD = [], _allD = [];
    private readonly double[] _lossMine, _lossAll;
    private readonly int[] _counts, _lossCounts;
    private readonly bool[] _captured;

    /// <summary>Slots for <paramref name="parameters"/> (those that require gradients) under <paramref name="plan"/>.</summary>
    /// <exception cref="ArgumentException">The trainable parameters mix dtypes, or there are none.</exception>
    public MicroBatchGradients(IEnumerable<Parameter> parameters, DataParallel plan)
    {
        _params = parameters.Where(p => p.RequiresGrad).ToArray();
        if (_params.Length == 0) throw new ArgumentException("MicroBatchGradients: no trainable parameters");
        var dtype = _params[0].Value.DType;
        if (_params.Any(p => p.Value.DType != dtype) || dtype is not (DType.Float32 or DType.Float64))
            throw new ArgumentException($"MicroBatchGradients: trainable parameters must all be float32 or all float64 ({string.Join(", ", _params.Select(p => p.Value.DType).Distinct())})");
        _plan = plan;
        _float64 = dtype == DType.Float64;
        _elements = checked((int)_params.Sum(p => p.Value.Numel));
        _slot = _elements + _params.Length;
        var mine = plan.Mine;
        int k = plan.MicroBatches, own = mine.End.Value - mine.Start.Value;
        if (_float64) { _mineD = new double[own * _slot]; _allD = new double[k * _slot]; }
        else { _mineF = new float[own * _slot]; _allF = new float[k * _slot]; }
        _lossMine = new double[own];
        _lossAll = new double[k];
        _counts = new int[plan.Exchange.Size];
        _lossCounts = new int[plan.Exchange.Size];
        for (int r = 0; r < _counts.Length; r++)
        {
            _lossCounts[r] = plan.FirstOf(r + 1) - plan.FirstOf(r);
            _counts[r] = _lossCounts[r] * _slot;
        }
        _captured = new bool[own];
    }

    /// <summary>
    /// Stores the current gradients as micro-batch <paramref name="k"/>'s (one of <see cref="DataParallel.Mine"/>) with
    /// its loss, then clears them for the next micro-batch.
    /// </summary>
    public void Capture(int k, double loss)
    {
        var mine = _plan.Mine;
        int local = k - mine.Start.Value;
        if (local < 0 || k >= mine.End.Value)
            throw new ArgumentOutOfRangeException(nameof(k), k, $"micro-batch not computed by rank {_plan.Exchange.Rank} (its block is {mine.Start.Value} … {mine.End.Value - 1})");
        int at = local * _slot, flags = at + _elements;
        for (int i = 0; i < _params.Length; i++)
        {
            var p = _params[i];
            int n = (int)p.Value.Numel;
            bool has = p.Grad is not null;
            if (_float64)
            {
                if (has) p.Grad!.ToArrayDouble().CopyTo(_mineD, at); else Array.Clear(_mineD, at, n);
                _mineD[flags + i] = has ? 1 : 0;
            }
            else
            {
                if (has) p.Grad!.ToArrayFloat().CopyTo(_mineF, at); else Array.Clear(_mineF, at, n);
                _mineF[flags + i] = has ? 1 : 0;
            }
            p.Grad = null;
            at += n;
        }
        _lossMine[local] = loss;
        _captured[local] = true;
    }

    /// <summary>
    /// Gathers every rank's slots and sets each parameter's gradient to their sum in micro-batch order; returns the
    /// sum of the micro-batches' losses in the same order. Every rank must call it once per step, after capturing
    /// each of its micro-batches.
    /// </summary>
    public double Combine()
    {
        if (_captured.Contains(false)) throw new InvalidOperationException("MicroBatchGradients: a micro-batch of this rank was not captured before Combine");
        Array.Fill(_captured, false);
        var exchange = _plan.Exchange;
        exchange.Allgatherv(_lossMine, _lossAll, _lossCounts);
        if (_float64) exchange.Allgatherv(_mineD, _allD, _counts); else exchange.Allgatherv(_mineF, _allF, _counts);
        int k = _plan.MicroBatches, at = 0;
        for (int i = 0; i < _params.Length; i++)
        {
            var p = _params[i];
            int n = (int)p.Value.Numel, flag = _elements + i;
            bool any = false;
            for (int j = 0; j < k; j++) any |= (_float64 ? _allD[j * _slot + flag] : _allF[j * _slot + flag]) != 0;
            if (any) p.Grad = _float64 ? Tensor.FromHost(SumD(at, n), p.Shape, p.Value.Backend) : Tensor.FromHost(SumF(at, n), p.Shape, p.Value.Backend);
            at += n;
        }
        double loss = _lossAll[0];
        for (int j = 1; j < k; j++) loss += _lossAll[j];
        return loss;
    }

    // Left to right over the micro-batches: the order, and so the bits, do not depend on which rank computed which slot.
    private float[] SumF(int at, int n)
    {
        var sum = new float[n];
        Array.Copy(_allF, at, sum, 0, n);
        for (int j = 1; j < _plan.MicroBatches; j++)
        {
            var next = _allF.AsSpan(j * _slot + at, n);
            for (int e = 0; e < n; e++) sum[e] += next[e];
        }
        return sum;
    }

    private double[] SumD(int at, int n)
    {
        var sum = new double[n];
        Array.Copy(_allD, at, sum, 0, n);
        for (int j = 1; j < _plan.MicroBatches; j++)
        {
            var next = _allD.AsSpan(j * _slot + at, n);
            for (int e = 0; e < n; e++) sum[e] += next[e];
        }
        return sum;
    }
}
