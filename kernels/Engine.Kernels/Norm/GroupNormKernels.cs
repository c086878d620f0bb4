using Engine.Kernels.Runtime;
using ILGPU;

namespace Engine.Kernels.Norm;

/// <summary>
/// Group norm forward, one thread group per (batch, group): mean, then variance about the mean (two
/// passes, so no cancellation), each folded by a fixed shared-memory tree; then the normalised, affine
/// output. Saves mean and rstd = 1/√(var + eps) per (batch, group) for the backward pass.
/// Variance is the biased (population) one, as in PyTorch.
/// </summary>
public static class GroupNormKernels
{
    /// <summary>y = γ·(x − mean)/√(var + eps) + β per channel over x [B, C, L]; writes mean and rstd [B, G].</summary>
    [KernelEntry]
    public static void GroupNormF(GroupNormShape s, float eps, ArrayView<float> x, ArrayView<float> gamma, ArrayView<float> beta,
        ArrayView<float> y, ArrayView<float> mean, ArrayView<float> rstd)
    {
        var partial = SharedMemory.Allocate<float>(KernelCache.MaxGroupSize);
        int tid = Group.IdxX, size = Group.DimX, n = s.GroupSize, perGroup = s.Channels / s.Groups;
        for (int bg = Grid.IdxX; bg < s.Batch * s.Groups; bg += Grid.DimX)
        {
            int start = bg * n; // (b, g) owns a contiguous run: channels g·perGroup … of batch b.
            float acc = 0f;
            for (int i = tid; i < n; i += size) acc += x[start + i];
            float mu = TreeSum(partial, acc, tid, size) / n;
            acc = 0f;
            for (int i = tid; i < n; i += size) { float d = x[start + i] - mu; acc += d * d; }
            float r = 1f / MathF.Sqrt(TreeSum(partial, acc, tid, size) / n + eps);
            int g = bg % s.Groups;
            for (int i = tid; i < n; i += size)
            {
                int c = g * perGroup + i / s.Length;
                y[start + i] = (x[start + i] - mu) * r * gamma[c] + beta[c];
            }
            if (tid == 0) { mean[bg] = mu; rstd[bg] = r; }
        }
    }

    /// <summary>Sum over the group of every thread's <paramref name="value"/>; all threads get the result.</summary>
    private static float TreeSum(ArrayView<float> partial, float value, int tid, int size)
    {
        partial[tid] = value;
        Group.Barrier();
        for (int half = size / 2; half > 0; half /= 2)
        {
            if (tid < half) partial[tid] += partial[tid + half];
            Group.Barrier();
        }
        float total = partial[0];
        Group.Barrier();
        return total;
    }
}
