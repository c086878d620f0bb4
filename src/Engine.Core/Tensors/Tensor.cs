using Engine.Autodiff;
using Engine.Backends;

namespace Engine;

/// <summary>
/// An n-dimensional array: a strided view (shape, strides, offset) onto a backend storage, plus the
/// autodiff state. A tensor handle is immutable; ops return new tensors, and views share storage.
/// Forward mode: a dual tensor at level L carries <see cref="FwdPrimal"/> and <see cref="FwdTangent"/>
/// (its data are its primal's). Reverse mode: a tensor that requires grad is a leaf or carries the
/// <see cref="Node"/> that produced it. See docs/autodiff.md.
/// </summary>
public sealed partial class Tensor : IDisposable
{
    internal readonly Storage Storage;
    internal readonly int[] Dims;
    internal readonly int[] Strides;
    internal readonly int Offset;

    internal readonly Tensor? FwdPrimal;
    internal readonly Tensor? FwdTangent;
    internal readonly int FwdLevel;

    internal Node? GradFn;

    /// <summary>
    /// This tensor's position in the topological order of the latest reverse pass that sorted it: a
    /// hint only, trusted when that order holds this tensor at that position (nested or concurrent
    /// passes may overwrite it; see Autograd's GraphIndex).
    /// </summary>
    internal int AutogradSlot = -1;

    /// <summary>The number of the latest topological sort that reached this tensor (a visited mark without hashing).</summary>
    internal long AutogradVisit;
    private bool _requiresGrad;

    internal Tensor(Storage storage, int[] shape, int[] strides, int offset)
    {
        Storage = storage;
        Dims = shape;
        Strides = strides;
        Offset = offset;
    }

    internal Tensor(Storage storage, int[] shape) : this(storage, shape, ShapeUtil.ContiguousStrides(shape), 0) { }

    /// <summary>A dual number at forward level <paramref name="level"/>.</summary>
    internal Tensor(Tensor primal, Tensor tangent, int level)
        : this(primal.Storage, primal.Dims, primal.Strides, primal.Offset)
    {
        FwdPrimal = primal;
        FwdTangent = tangent;
        FwdLevel = level;
    }

    /// <summary>The shape (a copy).</summary>
    public int[] Shape => (int[])Dims.Clone();
    /// <summary>The number of dimensions (0 for a scalar).</summary>
    public int Rank => Dims.Length;
    /// <summary>The number of elements (1 for a 0-d tensor).</summary>
    public long Numel => ShapeUtil.Numel(Dims);
    /// <summary>The element type.</summary>
    public DType DType => Storage.DType;
    /// <summary>The backend holding the storage.</summary>
    public IBackend Backend => Storage.Backend;
    /// <summary>Whether the view is row-major contiguous.</summary>
    public bool IsContiguous => ShapeUtil.IsContiguous(Dims, Strides);
    /// <summary>The length of dimension <paramref name="axis"/> (negative counts from the end).</summary>
    public int Size(int axis) => Dims[ShapeUtil.NormalizeAxis("size", axis, Dims.Length)];

    internal View View => new(Storage, Dims, Strides, Offset);

    /// <summary>Whether reverse mode tracks this tensor (a leaf marked by <see cref="RequiresGrad(bool)"/> or an op result depending on one).</summary>
    public bool RequiresGradient => _requiresGrad;

    /// <summary>The gradient accumulated by <see cref="Backward"/> on a leaf.</summary>
    public Tensor? Grad { get; set; }

    /// <summary>Marks this tensor as a reverse-mode leaf and returns it.</summary>
    public Tensor RequiresGrad(bool requires = true)
    {
        if (GradFn != null && !requires)
            throw new InvalidOperationException("RequiresGrad(false): only leaves can stop requiring grad; use Detach()");
        if (requires && !DType.IsFloat())
            throw new ArgumentException($"RequiresGrad: only float tensors can require grad (this one is {DType.Name()})");
        _requiresGrad = requires;
        return this;
    }

    internal void SetGradFn(Node node)
    {
        GradFn = node;
        _requiresGrad = true;
    }

    /// <summary>Whether no op produced this tensor (a leaf of reverse mode).</summary>
    public bool IsLeaf => GradFn == null;

    /// <summary>The same data without any reverse-mode history (forward-mode tangents are kept).</summary>
    public Tensor Detach() => FwdLevel > 0
        ? new Tensor(FwdPrimal!.Detach(), FwdTangent!.Detach(), FwdLevel)
        : new Tensor(Storage, Dims, Strides, Offset);

    /// <summary>Releases the storage now; this tensor and every view of it become unusable.</summary>
    public void Dispose() => Storage.Dispose();

    internal void ThrowIfDisposed(string op) => Storage.ThrowIfDisposed(op);

    /// <summary>A short description: shape, dtype and the first values.</summary>
    public override string ToString() => TensorFormat.Format(this);
}
