using System.Numerics;

namespace Engine.NN;

/// <summary>
/// One data-parallel step's gradients: each micro-batch's parameter gradients are captured into a slot after its
/// backward pass, and <see cref="Combine"/> sets every parameter's gradient to the slots' sum in micro-batch order,
/// ((g₀ + g₁) + g₂) + … — the same bits on every rank and for every rank count.
/// </summary>
/// <remarks>
/// A slot is the flattened gradients of all trainable parameters (in the order given) followed by one presence flag per
/// parameter: a parameter no micro-batch reached keeps no gradient, as in the plain step, so the optimiser skips it.
/// The sum moves about the bytes of a ring allreduce, not K slots to every rank: an alltoall hands rank j the j-th
/// slice of every micro-batch's slot, rank j adds those slices in micro-batch order, and an allgather returns the
/// summed slices to everyone (RankOrderedSum's scheme, with micro-batches in place of ranks). The micro-batches'
/// losses travel in a float64 allgather of their own, so the reported loss is exact. All trainable parameters share
/// one dtype (float32 or float64), which is the slots' type.
/// </remarks>
public sealed class MicroBatchGradients
{
    private readonly Parameter[] _params;
    private readonly DataParallel _plan;
    private readonly int _elements, _slot, _slice, _maxOwn;
    private readonly bool _float64;
    private readonly float[] _mineF = [];
    private readonly double[] _mineD = [];
    private readonly double[] _lossMine, _lossAll;
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
        int size = plan.Exchange.Size;
        _slice = (_slot + size - 1) / size;
        _maxOwn = Enumerable.Range(0, size).Max(r => Own(r));
        int own = Own(plan.Exchange.Rank);
        if (_float64) _mineD = new double[Math.Max(1, own) * _slot]; else _mineF = new float[Math.Max(1, own) * _slot];
        _lossMine = new double[_maxOwn];
        _lossAll = new double[size * _maxOwn];
        _captured = new bool[own];
    }

    private int Own(int rank) => _plan.FirstOf(rank + 1) - _plan.FirstOf(rank);

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
        if (_float64) Store(_mineD, local, p => p.ToArrayDouble()); else Store(_mineF, local, p => p.ToArrayFloat());
        _lossMine[local] = loss;
        _captured[local] = true;
    }

    private void Store<T>(T[] slots, int local, Func<Tensor, T[]> read) where T : unmanaged, INumber<T>
    {
        int at = local * _slot, flags = at + _elements;
        for (int i = 0; i < _params.Length; i++)
        {
            var p = _params[i];
            int n = (int)p.Value.Numel;
            if (p.Grad is { } grad) read(grad).CopyTo(slots, at); else Array.Clear(slots, at, n);
            slots[flags + i] = p.Grad is null ? T.Zero : T.One;
            p.Grad = null;
            at += n;
        }
    }

    /// <summary>
    /// Sets each parameter's gradient to the sum of all micro-batches' gradients in micro-batch order, and returns the
    /// sum of their losses in the same order. Every rank calls it once per step, after capturing each of its micro-batches.
    /// </summary>
    public double Combine()
    {
        if (_captured.Contains(false)) throw new InvalidOperationException("MicroBatchGradients: a micro-batch of this rank was not captured before Combine");
        Array.Fill(_captured, false);
        var exchange = _plan.Exchange;
        exchange.Allgather<double>(_lossMine, _lossAll);
        if (_float64) Reduce(_mineD, (v, shape, backend) => Tensor.FromHost(v, shape, backend));
        else Reduce(_mineF, (v, shape, backend) => Tensor.FromHost(v, shape, backend));
        double loss = 0;
        for (int k = 0; k < _plan.MicroBatches; k++)
        {
            int r = Owner(k);
            double l = _lossAll[r * _maxOwn + k - _plan.FirstOf(r)];
            loss = k == 0 ? l : loss + l;
        }
        return loss;
    }

    /// <summary>The rank whose block holds micro-batch <paramref name="k"/>.</summary>
    private int Owner(int k)
    {
        int r = 0;
        while (_plan.FirstOf(r + 1) <= k) r++;
        return r;
    }

    private void Reduce<T>(T[] mine, Func<T[], int[], Backends.IBackend, Tensor> make) where T : unmanaged, INumber<T>
    {
        var exchange = _plan.Exchange;
        int size = exchange.Size, block = _maxOwn * _slice;
        // Block j of what this rank sends: slice j of each of its slots, zero-padded to the longest block.
        var send = new T[size * block];
        int own = Own(exchange.Rank);
        for (int j = 0; j < size; j++)
            for (int i = 0; i < own; i++)
            {
                int from = j * _slice, count = Math.Min(_slice, _slot - from);
                if (count > 0) Array.Copy(mine, i * _slot + from, send, j * block + i * _slice, count);
            }
        var received = new T[size * block];
        exchange.Alltoall<T>(send, received);
        // This rank's slice of the sum, micro-batch by micro-batch in order, whichever rank computed each.
        var sum = new T[_slice];
        for (int k = 0; k < _plan.MicroBatches; k++)
        {
            int r = Owner(k);
            var part = received.AsSpan(r * block + (k - _plan.FirstOf(r)) * _slice, _slice);
            if (k == 0) part.CopyTo(sum);
            else for (int e = 0; e < _slice; e++) sum[e] += part[e];
        }
        var all = new T[size * _slice];
        exchange.Allgather<T>(sum, all);
        int at = 0;
        for (int i = 0; i < _params.Length; i++)
        {
            var p = _params[i];
            int n = (int)p.Value.Numel;
            // A presence flag's sum counts the micro-batches that reached the parameter (exact: small integers).
            if (all[_elements + i] != T.Zero) p.Grad = make(all.AsSpan(at, n).ToArray(), p.Shape, p.Value.Backend);
            at += n;
        }
    }
}
