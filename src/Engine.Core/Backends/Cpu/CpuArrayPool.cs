namespace Engine.Backends.Cpu;

/// <summary>
/// Managed arrays kept for reuse, bucketed by (element type, exact length).
/// <para>Why: a freshly allocated multi-megabyte array costs far more than the work done in it. The GC
/// hands out memory the process has not touched (or has decommitted since), so every 4 KiB page
/// faults on first write: im2col of batch 64 took ~7 ms into a new 5 MB array and 0.25 ms into a warm
/// one. Training and sampling loops allocate the same shapes step after step, so exact-length buckets
/// hit nearly always; rounding lengths up to size classes would need every kernel to distinguish an
/// array's length from the storage's, for no gain on these workloads.</para>
/// <para>Safety: an array enters the pool only from <see cref="CpuStorage"/>'s release, which happens once
/// (Storage.Dispose is idempotent) and nulls the storage's reference first, so no live storage can
/// still reach it; a disposed tensor keeps throwing. Arrays are never shared between two storages.</para>
/// <para>Small arrays (under <see cref="MinLength"/> elements) are not pooled: the GC's bump allocator
/// is as fast as a locked lookup for them, and W6-style per-op overhead must not grow. The pool holds
/// at most <see cref="MaxBytes"/>; beyond that, released arrays are left to the GC.</para>
/// </summary>
internal static class CpuArrayPool
{
    public const int MinLength = 1024;

    private static readonly Dictionary<(Type, int), Stack<Array>> Free = new();
    private static readonly Lock Gate = new();
    private static long _bytes;

    /// <summary>Upper bound on the bytes the pool keeps (default 4 GiB; ENGINE_CPU_POOL_MB overrides, 0 disables pooling).</summary>
    public static long MaxBytes { get; set; } = ReadLimit();

    /// <summary>Bytes currently held for reuse.</summary>
    public static long PooledBytes { get { lock (Gate) return _bytes; } }

    private static long ReadLimit()
    {
        var env = Environment.GetEnvironmentVariable("ENGINE_CPU_POOL_MB");
        return long.TryParse(env, out var mb) && mb >= 0 ? mb << 20 : 4L << 30;
    }

    /// <summary>A T[length]: zero-filled when <paramref name="zero"/>, else with arbitrary contents (the caller overwrites every element).</summary>
    public static T[] Rent<T>(int length, bool zero) where T : unmanaged
    {
        if (length >= MinLength)
        {
            T[]? found = null;
            lock (Gate)
            {
                if (Free.TryGetValue((typeof(T), length), out var stack) && stack.Count > 0)
                {
                    found = (T[])stack.Pop();
                    _bytes -= (long)length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
                }
            }
            if (found != null)
            {
                if (zero) Array.Clear(found);
                return found;
            }
            // Not zeroing a fresh array saves nothing on first touch, but skips a pass when the GC
            // recycles memory it has already touched.
            if (!zero) return GC.AllocateUninitializedArray<T>(length);
        }
        return new T[length];
    }

    /// <summary>Takes an array back; the caller must hold no other reference to it that it will use.</summary>
    public static void Return(Array array)
    {
        int length = array.Length;
        if (length < MinLength) return;
        long bytes = Buffer.ByteLength(array); // 8 per element for double and long, 4 for float and int
        lock (Gate)
        {
            if (_bytes + bytes > MaxBytes) return;
            var key = (array.GetType().GetElementType()!, length);
            if (!Free.TryGetValue(key, out var stack)) Free[key] = stack = new Stack<Array>();
            stack.Push(array);
            _bytes += bytes;
        }
    }

    /// <summary>Drops every pooled array (they become ordinary garbage).</summary>
    public static void Trim()
    {
        lock (Gate)
        {
            Free.Clear();
            _bytes = 0;
        }
    }
}
