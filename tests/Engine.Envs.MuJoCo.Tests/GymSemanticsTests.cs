using Engine.Envs.MuJoCo.Locomotion;

namespace Engine.Envs.MuJoCo.Tests;

/// <summary>
/// Step, reward, termination and reset behave like Gym v3. Expectations are computed from the
/// model facts (healthy ranges, reward weights, dt), not from the environment's own code paths.
/// </summary>
public sealed class GymSemanticsTests
{
    [MuJoCoTheory]
    [InlineData("hopper", 1e-3, 1.0)]
    [InlineData("walker2d", 1e-3, 1.0)]
    [InlineData("halfcheetah", 0.1, 0.0)]
    public void Reward_is_forward_velocity_plus_bonus_minus_control_cost(string name, double ctrlWeight, double bonus)
    {
        using var env = new LocomotionEnv(TestSupport.Task(name));
        var actions = TestSupport.RecordedActions(200, env.ActionSpace.Size, 5);
        env.Reset(9);
        foreach (var a in actions)
        {
            var xBefore = env.Data.Qpos[0];
            var r = env.Step(a);
            var xAfter = env.Data.Qpos[0];
            var expected = (xAfter - xBefore) / env.Dt + bonus - ctrlWeight * a.Sum(v => v * v);
            Assert.Equal(expected, r.Reward, 10);
            if (r.Terminated || r.Truncated) break;
        }
    }

    [MuJoCoFact]
    public void Hopper_terminates_exactly_when_it_leaves_the_healthy_ranges()
    {
        using var env = new LocomotionEnv(LocomotionTask.Hopper);
        var actions = TestSupport.RecordedActions(1000, 3, 21);
        var results = TestSupport.Rollout(env, 4, actions);
        Assert.True(results[^1].Terminated, "random actions should topple the hopper within 1000 steps");
        for (var t = 0; t < results.Count; t++)
        {
            var obs = results[t].Observation; // obs[0] = z, obs[1] = angle, obs[1..5] = qpos[2:]
            var healthy = obs[0] > 0.7 && Math.Abs(obs[1]) < 0.2 && obs[1..5].All(v => Math.Abs(v) < 100);
            // Velocities are clipped at ±10 in the observation, well inside the ±100 state range, so
            // only the positional part can be judged here; the last step must fail one of the checks.
            if (t < results.Count - 1)
                Assert.True(healthy, $"step {t} reported not terminated but is unhealthy");
        }
        var last = results[^1].Observation;
        Assert.False(last[0] > 0.7 && Math.Abs(last[1]) < 0.2 && Math.Abs(env.Data.Qvel.ToArray().Max(Math.Abs)) < 100);
        // A finished episode must be reset before stepping again.
        Assert.Throws<InvalidOperationException>(() => env.Step(actions[0]));
    }

    [MuJoCoFact]
    public void Walker_terminates_when_torso_height_or_angle_leaves_range()
    {
        using var env = new LocomotionEnv(LocomotionTask.Walker2d);
        var zeros = Enumerable.Repeat(new double[6], 1000).ToArray();
        var results = TestSupport.Rollout(env, 1, zeros);
        Assert.True(results[^1].Terminated, "an unactuated walker collapses");
        foreach (var r in results.Take(results.Count - 1))
            Assert.True(r.Observation[0] is > 0.8 and < 2.0 && r.Observation[1] is > -1 and < 1);
        var last = results[^1].Observation;
        Assert.False(last[0] is > 0.8 and < 2.0 && last[1] is > -1 and < 1);
    }

    [MuJoCoFact]
    public void Terminal_step_still_pays_the_healthy_bonus()
    {
        using var env = new LocomotionEnv(LocomotionTask.Hopper);
        env.Reset(2);
        StepResult r;
        double xBefore, xAfter;
        var zero = new double[3];
        do
        {
            xBefore = env.Data.Qpos[0];
            r = env.Step(zero);
            xAfter = env.Data.Qpos[0];
        } while (!r.Terminated && !r.Truncated);
        Assert.True(r.Terminated);
        Assert.Equal((xAfter - xBefore) / env.Dt + 1.0, r.Reward, 10);
    }

    [MuJoCoFact]
    public void HalfCheetah_never_terminates_and_truncates_at_1000_steps()
    {
        using var env = new LocomotionEnv(LocomotionTask.HalfCheetah);
        var actions = TestSupport.RecordedActions(1200, 6, 8);
        var results = TestSupport.Rollout(env, 6, actions);
        Assert.Equal(1000, results.Count);
        Assert.All(results, r => Assert.False(r.Terminated));
        Assert.True(results[^1].Truncated);
        Assert.All(results.Take(999), r => Assert.False(r.Truncated));
    }

    [MuJoCoTheory]
    [InlineData("hopper", 10.0)]
    [InlineData("walker2d", 10.0)]
    [InlineData("halfcheetah", double.PositiveInfinity)]
    public void Observation_is_qpos_without_x_then_velocities_clipped_where_gym_clips(string name, double clip)
    {
        using var env = new LocomotionEnv(TestSupport.Task(name));
        env.Reset(1);
        var qpos = env.Data.Qpos;
        var qvel = env.Data.Qvel;
        qvel[0] = 50;
        qvel[1] = -50;
        qvel[2] = 3;
        var obs = env.Observe();
        Assert.Equal(qpos[1..].ToArray(), obs[..(qpos.Length - 1)]);
        var v = obs[(qpos.Length - 1)..];
        Assert.Equal(Math.Min(50, clip), v[0]);
        Assert.Equal(Math.Max(-50, -clip), v[1]);
        Assert.Equal(3, v[2]);
    }

    [MuJoCoTheory]
    [InlineData("hopper")]
    [InlineData("walker2d")]
    [InlineData("halfcheetah")]
    public void Reset_perturbs_qpos0_within_the_noise_scale(string name)
    {
        using var env = new LocomotionEnv(TestSupport.Task(name));
        using var model = MjModel.FromXml(env.Task.LoadModelXml(), name);
        var scale = env.Task.ResetNoiseScale;
        var a = env.Reset(1);
        for (var i = 0; i < model.Nq; i++)
            Assert.InRange(env.Data.Qpos[i] - model.Qpos0[i], -scale, scale);
        if (env.Task.NoiseKind == ResetNoise.UniformBoth)
            foreach (var v in env.Data.Qvel) Assert.InRange(v, -scale, scale);
        Assert.Equal(0.0, env.Data.Time);
        var b = env.Reset(2);
        var c = env.Reset(1);
        Assert.NotEqual(a, b);
        Assert.Equal(a, c);
    }

    [MuJoCoFact]
    public void Bad_actions_are_rejected_clearly()
    {
        using var env = new LocomotionEnv(LocomotionTask.Hopper);
        Assert.Throws<InvalidOperationException>(() => env.Step(new double[3]));
        env.Reset(0);
        var e = Assert.Throws<ArgumentException>(() => env.Step(new double[2]));
        Assert.Equal("action", e.ParamName);
    }
}
