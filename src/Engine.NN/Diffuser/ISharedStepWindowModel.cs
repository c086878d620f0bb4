namespace Engine.NN;

/// <summary>
/// A window network that scores several windows of each trajectory in one call, all at the trajectory's diffusion
/// step, so that what depends on t alone (the time embedding and its share of the first layer) is computed once
/// per trajectory instead of once per window. Same values as scoring each window with <see cref="ITrajectoryModel.Forward"/>
/// (to float rounding: the first layer's sum is split into a window part and a time part).
/// </summary>
public interface ISharedStepWindowModel
{
    /// <summary>windows: [batch, n, h, transition] (any strides), t: [batch] → [batch, n], window k of trajectory b scored at t[b].</summary>
    Tensor ForwardWindows(Tensor windows, Tensor t);
}
