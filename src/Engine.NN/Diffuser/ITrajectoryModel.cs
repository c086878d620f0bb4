namespace Engine.NN;

/// <summary>
/// A network over trajectories and diffusion steps: x: [batch, horizon, transition], t: [batch]
/// (integer steps; any dtype) → a tensor whose meaning depends on the model (denoiser: same shape as x;
/// reward/value: [batch, 1]).
/// </summary>
public interface ITrajectoryModel
{
    /// <summary>x: [batch, horizon, transition], t: [batch] → the model's output (see the interface summary).</summary>
    Tensor Forward(Tensor x, Tensor t);

    /// <summary>The trainable parameters (as <see cref="Module.Parameters"/>).</summary>
    IEnumerable<Parameter> Parameters();
}
