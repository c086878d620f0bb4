using Engine.Kernels.Layout;
using ILGPU;

namespace Engine.Kernels.Runtime;

/// <summary>Host-side argument checks; every message names the kernel and the offending sizes.</summary>
internal static class Check
{
    public static void That(bool ok, string kernel, string message)
    {
        if (!ok) throw new ArgumentException($"{kernel}: {message}");
    }

    public static void Positive(string kernel, string name, long value) =>
        That(value > 0, kernel, $"{name} = {value} must be positive");

    public static void NonNegative(string kernel, string name, long value) =>
        That(value >= 0, kernel, $"{name} = {value} must not be negative");

    public static void FitsInt(string kernel, string name, long value) =>
        That(value <= int.MaxValue, kernel, $"{name} = {value} exceeds the 32-bit index range of the kernels");

    /// <summary>
    /// A view whose buffer is alive. A view taken before its buffer was disposed keeps its length, and a
    /// kernel reading it dereferences freed memory (a crash of the process on the CPU accelerator).
    /// </summary>
    public static bool Usable<T>(ArrayView<T> view) where T : unmanaged =>
        view.IsValid && ((IArrayView)view).Buffer is { IsDisposed: false };

    /// <summary>The view holds at least <paramref name="need"/> elements.</summary>
    public static void Length<T>(string kernel, string name, ArrayView<T> view, long need) where T : unmanaged =>
        That(need == 0 || Usable(view) && view.Length >= need, kernel,
            $"{name} holds {(Usable(view) ? view.Length : 0)} usable elements, needs {need}");

    /// <summary>Every offset the layout touches lies inside the view.</summary>
    public static void Layout<T>(string kernel, string name, ArrayView<T> view, in StridedLayout layout) where T : unmanaged
    {
        if (layout.Count == 0) return;
        var (lo, hi) = layout.OffsetRange();
        That(Usable(view), kernel, $"{name} is not a valid view (or its buffer was disposed)");
        That(lo >= 0 && hi < view.Length, kernel,
            $"{name} layout {layout.ShapeText()} touches offsets [{lo}, {hi}] outside a view of {view.Length}");
    }

    /// <summary>An output layout: inside the view and never two elements at one offset.</summary>
    public static void Output<T>(string kernel, string name, ArrayView<T> view, in StridedLayout layout) where T : unmanaged
    {
        Layout(kernel, name, view, layout);
        That(layout.IsNonOverlapping(), kernel, $"output {name} layout {layout.ShapeText()} has overlapping elements");
    }

    public static void SameShape(string kernel, in StridedLayout a, string an, in StridedLayout b, string bn) =>
        That(a.SameShape(b), kernel, $"{an} shape {a.ShapeText()} != {bn} shape {b.ShapeText()}");
}
