namespace Engine.NN;

/// <summary>
/// A network over trajectories and diffusion steps: x: [batch, horizon, transition], t: [batch]
/// (integer steps; any dtype) → a tensor whose meaning depends on the model (denoiser: same shape as x;
/// reward/value: [batch, 1]). Image networks (<see cref="UNet2D"/>, <see cref="UNetEncoder2D"/>) implement it over
/// x: [batch, channels, height, width]: the diffusion and the reward trainers need only "x and t in, tensor out".
/// </summary>
public interface ITrajectoryModel
{
    /// <summary>x: [batch, horizon, transition] (or [batch, channels, height, width]), t: [batch] → the model's output (see the interface summary).</summary>
    Tensor Forward(Tensor x, Tensor t);

    /// <summary>The trainable parameters (as <see cref="Module.Parameters"/>).</summary>
    IEnumerable<Parameter> Parameters();
}
