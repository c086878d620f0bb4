using Engine.Envs.MuJoCo.Data;
using Engine.Envs.MuJoCo.Locomotion;

namespace Engine.Envs.MuJoCo.Tests;

/// <summary>State snapshots, the MPPI planner and MPC expert data: exactness, determinism, resumption, quality.</summary>
public sealed class MpcTests() : ScratchDirectoryTest("mpc")
{
    // A small planner and 60-step episodes keep each test to seconds.
    private static readonly MppiSettings Small = new(Samples: 12, Horizon: 15, NoiseStd: 0.6, Temperature: 0.1,
        InitialIterations: 3, FallPenalty: 1000, Smoothing: 0.7);

    private static readonly LocomotionTask ShortWalker = LocomotionTask.Walker2d with { MaxEpisodeSteps = 60 };

    [MuJoCoTheory]
    [InlineData("hopper")]
    [InlineData("walker2d")]
    [InlineData("halfcheetah")]
    public void A_restored_snapshot_continues_bit_identically_in_another_environment(string name)
    {
        var task = TestSupport.Task(name);
        // Gentle actions, so that no robot falls before the snapshot.
        var actions = TestSupport.RecordedActions(80, task == LocomotionTask.Hopper ? 3 : 6, 11)
            .Select(a => a.Select(v => 0.3 * v).ToArray()).ToArray();
        using var original = new LocomotionEnv(task);
        using var copy = new LocomotionEnv(task);
        TestSupport.Rollout(copy, 99, actions[..30]); // a different history, overwritten by the restore
        original.Reset(5);
        for (var t = 0; t < 20; t++) Assert.False(original.Step(actions[t]).Terminated);
        var snapshot = original.Snapshot();
        copy.Restore(snapshot);
        Assert.Equal(original.EpisodeSteps, copy.EpisodeSteps);
        for (var t = 20; t < actions.Length; t++)
        {
            var a = original.Step(actions[t]);
            var b = copy.Step(actions[t]);
            Assert.Equal(a.Observation, b.Observation);
            Assert.Equal((a.Reward, a.Terminated, a.Truncated), (b.Reward, b.Terminated, b.Truncated));
            if (a.Terminated) break;
        }
    }

    [MuJoCoFact]
    public void Restore_rejects_a_state_of_another_robot()
    {
        using var hopper = new LocomotionEnv(LocomotionTask.Hopper);
        using var walker = new LocomotionEnv(LocomotionTask.Walker2d);
        hopper.Reset(1);
        var e = Assert.Throws<ArgumentException>(() => walker.Restore(hopper.Snapshot()));
        Assert.Contains("walker2d", e.Message);
        Assert.Contains("nq=6", e.Message);
        using var fresh = new LocomotionEnv(LocomotionTask.Walker2d);
        Assert.Throws<InvalidOperationException>(() => fresh.Snapshot());
    }

    private static (double Return, int Length, double MeanSquaredPitch) PlanEpisode(LocomotionTask task, MppiSettings settings,
        int workers, int steps, List<double[]>? actions = null, ulong seed = 3)
    {
        using var env = new LocomotionEnv(task);
        using var planner = new MppiController(task, settings, workers);
        var rng = new Rng(seed + 18);
        env.Reset(seed);
        var (total, pitch) = (0.0, 0.0);
        for (var t = 0; t < steps; t++)
        {
            var a = planner.Act(env.Snapshot(), rng, t == 0 ? settings.InitialIterations : 1);
            actions?.Add(a);
            var step = env.Step(a);
            total += step.Reward;
            pitch += env.Data.Qpos[2] * env.Data.Qpos[2];
            if (step.Terminated) return (total, t + 1, pitch / (t + 1));
        }
        return (total, steps, pitch / steps);
    }

    [MuJoCoFact]
    public void The_posture_weight_keeps_the_torso_more_upright()
    {
        // Single planned episodes vary a lot, so the property is asserted on the mean over four starts.
        var settings = Small with { Samples = 12, Horizon = 20 };
        double MeanPitch(MppiSettings s) =>
            Enumerable.Range(0, 4).Average(i => PlanEpisode(LocomotionTask.Walker2d, s, workers: 2, steps: 150, seed: (ulong)(40 + i)).MeanSquaredPitch);
        var free = MeanPitch(settings);
        var upright = MeanPitch(settings with { PostureWeight = 10 });
        Assert.True(upright < 0.5 * free, $"mean pitch² {upright:F4} with the posture term vs {free:F4} without");
    }

    [MuJoCoFact]
    public void Mppi_plans_are_the_same_for_any_number_of_workers()
    {
        var one = new List<double[]>();
        var two = new List<double[]>();
        PlanEpisode(LocomotionTask.Walker2d, Small, workers: 1, steps: 12, one);
        PlanEpisode(LocomotionTask.Walker2d, Small, workers: 2, steps: 12, two);
        Assert.Equal(one, two);
        Assert.Contains(one, a => a.Any(v => v != 0));
        Assert.All(one, a => Assert.All(a, v => Assert.InRange(v, -1, 1)));
    }

    [MuJoCoFact]
    public void Mppi_moves_the_walker_forward_without_falling()
    {
        const int steps = 250;
        using var env = new LocomotionEnv(LocomotionTask.Walker2d);
        var idle = TestSupport.Rollout(env, 3, Enumerable.Range(0, steps).Select(_ => new double[6]).ToArray()).Sum(r => r.Reward);
        var planned = PlanEpisode(LocomotionTask.Walker2d, Small with { Samples = 16, Horizon = 30 }, workers: 2, steps);
        Assert.Equal(steps, planned.Length);
        // Standing earns +1 a step; the planner must have stayed up all along and walked forward as well.
        Assert.True(planned.Return > steps + 30 && planned.Return > 2 * idle, $"planned return {planned.Return:F1} vs {idle:F1} with zero torques over {steps} steps");
    }

    private GenerationOptions Options(int episodes, string? checkpoint) =>
        new(ShortWalker, DataQuality.Expert, episodes, Seed: 7, TargetScore: 95, MaxIterations: 1, Workers: 2,
            CheckpointPath: checkpoint, Method: ExpertMethod.Mpc, Mppi: Small);

    [MuJoCoFact]
    public void An_interrupted_mpc_run_resumes_by_replaying_its_episodes_and_equals_an_uninterrupted_one()
    {
        var straight = MpcDatasetGenerator.Collect(Options(3, null));
        var path = Path.Combine(Dir, "walker-mpc.json");
        var first = MpcDatasetGenerator.Collect(Options(1, path));
        Assert.True(File.Exists(path));
        Assert.False(File.Exists(path + ".tmp"));
        var resumed = MpcDatasetGenerator.Collect(Options(3, path));
        Assert.Equal(3, resumed.Episodes.Count);
        Assert.Equal(straight.Episodes.Select(e => e.Return), resumed.Episodes.Select(e => e.Return));
        Assert.Equal(straight.Episodes.SelectMany(e => e.Actions!), resumed.Episodes.SelectMany(e => e.Actions!));
        Assert.Equal(straight.Rejected, resumed.Rejected);
        // Only the episodes after the first were planned again.
        Assert.True(resumed.PlanningSteps < straight.PlanningSteps);
        Assert.Equal(straight.PlanningSteps, first.PlanningSteps + resumed.PlanningSteps);
        Assert.All(straight.Episodes, e => Assert.False(e.Terminated));

        var other = Options(3, path) with { Seed = 8 };
        var e = Assert.Throws<Engine.IO.InputException>(() => MpcDatasetGenerator.Collect(other));
        Assert.Contains("seed 7", e.Message);
    }

    [MuJoCoFact]
    public void An_mpc_checkpoint_whose_episodes_do_not_line_up_is_refused_with_its_path()
    {
        var path = Path.Combine(Dir, "gap.json");
        MpcDatasetGenerator.Collect(Options(2, path));
        var checkpoint = MpcCheckpoint.Load(path, ShortWalker.Name, 7, Small);
        checkpoint.Episodes.RemoveAt(0); // attempt 1 now stands first
        checkpoint.Save(path);
        var gap = Assert.Throws<Engine.IO.InputException>(() => MpcDatasetGenerator.Collect(Options(2, path)));
        Assert.Contains(path, gap.Message);
        Assert.Contains("out of order", gap.Message);

        File.WriteAllText(path, "{ not json");
        var corrupt = Assert.Throws<Engine.IO.InputException>(() => MpcDatasetGenerator.Collect(Options(1, path)));
        Assert.Equal("corrupt MPC checkpoint", corrupt.What);
    }

    [MuJoCoFact]
    public void Mpc_for_base_data_is_refused()
    {
        var options = Options(1, null) with { Quality = DataQuality.Base };
        var e = Assert.Throws<Engine.IO.InputException>(() => MpcDatasetGenerator.Collect(options));
        Assert.Contains("base", e.Message);
    }
}
