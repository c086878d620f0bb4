using Engine.Envs.MuJoCo.Locomotion;

namespace Engine.Envs.MuJoCo.Tests;

/// <summary>MuJoCo's warning path goes to our hook (no MUJOCO_LOG.TXT) and a diverged episode ends.</summary>
public sealed class HandlerTests
{
    [MuJoCoFact]
    public void Nan_state_is_reported_through_the_hook_and_ends_the_episode()
    {
        using var env = new LocomotionEnv(LocomotionTask.Hopper);
        env.Reset(0);
        var before = MuJoCoRuntime.WarningCount;
        env.Data.Qvel[3] = double.NaN;
        var r = env.Step(new double[3]);
        Assert.True(r.Terminated);
        Assert.True(env.Data.Diverged);
        Assert.True(MuJoCoRuntime.WarningCount > before, "the managed warning hook should have seen MuJoCo's warning");
        Assert.All(r.Observation, v => Assert.True(double.IsFinite(v)));
        Assert.False(File.Exists(Path.Combine(Environment.CurrentDirectory, "MUJOCO_LOG.TXT")));
        // After a reset the instance is usable again.
        env.Reset(1);
        Assert.False(env.Data.Diverged);
        Assert.False(env.Step(new double[3]).Terminated);
    }
}
