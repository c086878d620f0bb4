using Engine.Envs.Datasets;
using Engine.Envs.MuJoCo.Data;
using Engine.Envs.MuJoCo.Locomotion;

namespace Engine.Envs.MuJoCo.Tests;

/// <summary>The in-process data generators: expert quality, determinism, and the D4RL file layout.</summary>
public sealed class DataGenerationTests
{
    private static double RandomPolicyReturn(LocomotionTask task, int episodes)
    {
        using var env = new LocomotionEnv(task);
        var total = 0.0;
        for (var e = 0; e < episodes; e++)
        {
            var actions = TestSupport.RecordedActions(task.MaxEpisodeSteps, env.ActionSpace.Size, (ulong)(100 + e));
            total += TestSupport.Rollout(env, (ulong)e, actions).Sum(r => r.Reward);
        }
        return total / episodes;
    }

    [MuJoCoFact]
    public void Expert_generator_beats_a_random_policy_by_a_wide_margin()
    {
        // A deliberately small budget (a few seconds); the full generator trains far longer.
        var options = new GenerationOptions(LocomotionTask.Hopper, DataQuality.Expert, Episodes: 4, Seed: 1,
            TargetScore: 20, MaxIterations: 40, EvaluateEvery: 5, EvaluationEpisodes: 2, Workers: 2);
        var (episodes, trainer, _, _, _, _) = LocomotionDatasetGenerator.Collect(options);
        trainer.Dispose();
        var expert = episodes.Average(e => e.Return);
        var random = RandomPolicyReturn(LocomotionTask.Hopper, 10);
        Assert.True(expert > random + 500 && expert > 10 * Math.Max(random, 1),
            $"expert return {expert:F1} vs random {random:F1}");
    }

    [MuJoCoFact]
    public void Ars_training_is_deterministic_regardless_of_worker_count()
    {
        double[] Train(int workers)
        {
            using var trainer = new ArsTrainer(LocomotionTask.Hopper, ArsSettings.For(LocomotionKind.Hopper), seed: 3, workers);
            for (var i = 0; i < 3; i++) trainer.Step();
            return [.. trainer.Policy.Weights, .. trainer.Policy.Mean, .. trainer.Policy.Std];
        }
        var one = Train(1);
        Assert.Equal(one, Train(2));
        Assert.Contains(one, w => w != 0);
    }

    [MuJoCoFact]
    public void Base_dataset_is_written_in_d4rl_layout_with_consistent_flags()
    {
        var options = new GenerationOptions(LocomotionTask.Hopper, DataQuality.Base, Episodes: 5, Seed: 2,
            TargetScore: 1000, MaxIterations: 4, EvaluateEvery: 2, EvaluationEpisodes: 1, Workers: 2);
        var path = Path.Combine(Path.GetTempPath(), $"hopper-base-{Guid.NewGuid():N}.hdf5");
        try
        {
            var report = LocomotionDatasetGenerator.Generate(options, path);
            var data = D4rlHdf5.Read(path);
            Assert.Equal(report.Transitions, data.Count);
            Assert.Equal((11, 3), (data.ObservationDim, data.ActionDim));
            Assert.Equal(5, data.Episodes().Count);
            var qpos = data.Info("qpos")!;
            Assert.Equal(6, qpos.Spec.Width);
            for (var t = 0; t < data.Count; t++)
            {
                // observations are qpos[1:], stored as float32 next to the float64 qpos.
                Assert.Equal((float)qpos.Values[t * 6 + 1], data.Observation(t)[0]);
                Assert.False(data.Terminals[t] && data.Timeouts[t]);
            }
            foreach (var (start, end) in data.Episodes())
            {
                var last = end - 1;
                var length = end - start;
                // An episode either fell (terminal) or ran the full 1000 steps (timeout).
                Assert.True(data.Terminals[last] ^ (length == 1000 && data.Timeouts[last]));
                var z = data.Observation(last)[0];
                var angle = data.Observation(last)[1];
                if (data.Terminals[last] && length < 1000)
                    Assert.True(z > 0.7 && Math.Abs(angle) < 0.2, "the stored observation precedes the fatal action");
            }
            Assert.InRange(report.MeanNormalizedScore, -5, 60);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
