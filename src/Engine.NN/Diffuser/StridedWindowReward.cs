namespace Engine.NN;

/// <summary>
/// The maze reward over a whole sequence (GradientRewardSingleStep): a sequence x: [batch, H, C] is cut into
/// n = H/h strided windows, window k = steps {k, k+n, …, k+(h−1)n}; every window is scored by the window
/// network with the same t, and the sequence reward is the mean over windows → [batch, 1]. A window network that
/// is an <see cref="ISharedStepWindowModel"/> scores all n windows of a trajectory in one call.
/// </summary>
public sealed class StridedWindowReward : Module, ITrajectoryModel
{
    private readonly ITrajectoryModel _window;

    /// <summary>Wraps a window network (an <see cref="ITrajectoryModel"/> over [batch, windowHorizon, C] → [batch, 1]).</summary>
    public StridedWindowReward(Module windowNetwork, int windowHorizon)
    {
        if (windowNetwork is not ITrajectoryModel m) throw new ArgumentException("StridedWindowReward: the window network must be an ITrajectoryModel");
        _window = m;
        WindowHorizon = windowHorizon;
        RegisterModule("model", windowNetwork);
    }

    /// <summary>h, the steps per window.</summary>
    public int WindowHorizon { get; }

    /// <summary>x: [batch, H, C] (H a multiple of h), t: [batch] → [batch, 1], the mean window reward.</summary>
    public Tensor Forward(Tensor x, Tensor t)
    {
        if (x.Rank != 3 || x.Shape[1] % WindowHorizon != 0)
            throw new ArgumentException($"StridedWindowReward: x must be [batch, H, C] with H a multiple of {WindowHorizon}, got {ShapeFormat.Of(x)}");
        int b = x.Shape[0], n = x.Shape[1] / WindowHorizon, c = x.Shape[2];
        // τ = j·n + k: [b, h, n, c] → [b, n, h, c]; window k is row k.
        var strided = x.Reshape(b, WindowHorizon, n, c).Permute(0, 2, 1, 3);
        if (_window is ISharedStepWindowModel shared) return shared.ForwardWindows(strided, t).Mean(1, keepDim: true);
        var windows = strided.Reshape(b * n, WindowHorizon, c);
        var tw = t.Unsqueeze(1).Expand(b, n).Reshape(b * n);
        var r = _window.Forward(windows, tw);
        return r.Reshape(b, n).Mean(1, keepDim: true);
    }
}
