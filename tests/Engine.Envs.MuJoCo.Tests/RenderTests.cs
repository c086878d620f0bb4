using Engine.Envs.MuJoCo.Locomotion;

namespace Engine.Envs.MuJoCo.Tests;

/// <summary>Stick figures come from MuJoCo's geometry, and a rollout renders to a PNG.</summary>
public sealed class RenderTests
{
    [MuJoCoFact]
    public void Hopper_stick_figure_matches_its_capsules_at_reset()
    {
        using var env = new LocomotionEnv(LocomotionTask.Hopper);
        env.Reset(0);
        var limbs = StickFigure.Capture(env.Data);
        Assert.Equal(4, limbs.Length); // torso, thigh, leg, foot
        var torso = limbs[0];
        // Torso capsule: from z 1.05 to 1.45 at x 0 (up to the reset noise of 5e-3).
        Assert.InRange(Math.Min(torso.Z0, torso.Z1), 1.04, 1.06);
        Assert.InRange(Math.Max(torso.Z0, torso.Z1), 1.44, 1.46);
        var foot = limbs[3];
        Assert.InRange(Math.Abs(foot.X1 - foot.X0), 0.385, 0.395);
        Assert.Equal(0.06, foot.Radius, 12);
    }

    [MuJoCoFact]
    public void Rollout_renders_to_a_png_with_the_figure_drawn()
    {
        using var env = new LocomotionEnv(LocomotionTask.HalfCheetah);
        var frames = RolloutRenderer.Record(env, 1, steps: 40, every: 10, _ => new double[6]);
        Assert.Equal(5, frames.Count);
        var canvas = RolloutRenderer.Draw(frames, 400, 200);
        var inked = 0;
        for (var i = 0; i < canvas.Pixels.Length; i += 4)
            if (canvas.Pixels[i + 2] > canvas.Pixels[i] + 40) inked++; // bluish pixels = the body
        Assert.True(inked > 100, $"only {inked} body pixels drawn");
        var path = Path.Combine(Path.GetTempPath(), $"cheetah-{Guid.NewGuid():N}.png");
        try
        {
            canvas.SavePng(path);
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, File.ReadAllBytes(path)[..4]);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
