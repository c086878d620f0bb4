using Engine.Autodiff;

namespace Engine.NN;

/// <summary>Gradient clipping as torch.nn.utils.clip_grad_value_ / clip_grad_norm_ (replaces the gradients).</summary>
public static class GradClip
{
    /// <summary>Clamps every gradient element to [−clip, clip].</summary>
    public static void ClipByValue(IEnumerable<Parameter> parameters, double clip)
    {
        if (clip < 0) throw new ArgumentException($"ClipByValue: clip must be ≥ 0, got {clip}");
        using var _ = Autograd.NoGrad();
        foreach (var p in parameters)
            if (p.Grad is Tensor g) p.Grad = g.Clamp(-clip, clip);
    }

    /// <summary>
    /// Scales all gradients by min(1, maxNorm/(‖g‖₂ + 1e−6)), ‖g‖₂ the norm of all gradients together.
    /// Returns that total norm (before clipping).
    /// </summary>
    public static double ClipByNorm(IEnumerable<Parameter> parameters, double maxNorm)
    {
        if (maxNorm < 0) throw new ArgumentException($"ClipByNorm: maxNorm must be ≥ 0, got {maxNorm}");
        using var _ = Autograd.NoGrad();
        var ps = parameters.Where(p => p.Grad != null).ToArray();
        double sq = 0;
        foreach (var p in ps) sq += p.Grad!.Square().Sum().Item();
        double total = Math.Sqrt(sq);
        double coef = maxNorm / (total + 1e-6);
        if (coef < 1)
            foreach (var p in ps) p.Grad = p.Grad! * coef;
        return total;
    }
}
