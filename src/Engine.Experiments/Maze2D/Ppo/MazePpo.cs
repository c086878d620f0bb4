using System.Diagnostics;
using System.Text.Json;
using Engine.Envs;
using Engine.Envs.Maze2D;
using Engine.Plot;
using Engine.Rewards.Evaluation;
using Engine.RL;

namespace Engine.Experiments.Maze2D.Ppo;

/// <summary>What <see cref="MazePpo"/> trains: a maze and goal, the reward, the PPO budget and the training seeds.</summary>
public sealed record MazePpoOptions(string Maze, int Goal, MazeRewardKind Reward, string? RewardRun, int RewardSeed, int[] Seeds,
    long Steps, int EvaluationEpisodes = 50, int Workers = 0)
{
    public Maze2DTask Task => Maze2DTask.Named(Maze);
}

/// <summary>The ground-truth return of one trained agent (and of a random policy on the same episodes).</summary>
public sealed record MazePpoSeedResult(int Seed, double MeanTrueReturn, double StandardError, double RandomMeanTrueReturn,
    List<double[]> Curve, double EnvironmentStepsPerSecond);

/// <summary>
/// Agents trained from scratch by PPO (<see cref="PpoTrainer"/>, CleanRL's defaults) on the ground-truth or the
/// extracted maze reward, scored by the ground-truth sparse return of their mean action over fixed evaluation
/// episodes (the paper's Table 2 protocol). One result file per seed (<c>&lt;reward&gt;-seed&lt;k&gt;.json</c>) and a
/// learning-curve PNG; PPO checkpoints resume.
/// </summary>
public static class MazePpo
{
    public static List<MazePpoSeedResult> Run(MazePpoOptions o, string outDir, IExperimentProgress progress)
    {
        var task = o.Task;
        var goal = PaperGoals.Goal(task, o.Goal);
        var reward = o.Reward == MazeRewardKind.True ? null : ExtractedMazeReward.Load(o.RewardRun!, o.Goal, o.RewardSeed, progress);
        Directory.CreateDirectory(outDir);
        var results = new List<MazePpoSeedResult>();
        var name = o.Reward.Name();
        if (o.Reward == MazeRewardKind.Position) DescribePosition(reward!.Position(), task, goal, o.Goal, outDir, progress);
        foreach (var seed in o.Seeds)
        {
            var settings = new PpoSettings { TotalSteps = o.Steps };
            var checkpoint = Path.Combine(outDir, $"{name}-seed{seed}.ppo.safetensors");
            using var trainer = new PpoTrainer(_ => new MazeRewardEnvironment(task, goal, o.Reward, reward, settings.Gamma), settings,
                ExperimentSeeds.Derive((ulong)seed, "maze-ppo/" + name), o.Workers);
            var curve = new List<double[]>();
            // An agent trained on an extracted reward is tied to that reward checkpoint's content.
            var inputs = reward is null ? new StageInputs() : new StageInputs().File("model: reward", reward.CheckpointPath);
            if (File.Exists(checkpoint))
            {
                var (_, meta) = trainer.Load(checkpoint);
                inputs.Check(meta.TryGetValue(StageInputs.MetadataKey, out var recorded) ? recorded : null, checkpoint);
                if (meta.TryGetValue("curve", out var c)) curve = JsonSerializer.Deserialize<List<double[]>>(c) ?? [];
            }
            progress.Begin($"PPO {task.Layout.Name} goal {o.Goal} {name} seed {seed}", settings.Iterations, trainer.Iteration);
            var clock = Stopwatch.StartNew();
            long startSteps = trainer.EnvironmentSteps;
            while (!trainer.Finished)
            {
                trainer.Step();
                if (trainer.Iteration % 10 == 0 || trainer.Finished)
                {
                    var (m, _) = Evaluate(trainer.Policy, task, goal, 10, ExperimentSeeds.Derive((ulong)seed, "maze-ppo/curve"));
                    curve.Add([trainer.EnvironmentSteps, m]);
                    trainer.Save(checkpoint, extraMetadata: new Dictionary<string, string>
                    {
                        ["curve"] = JsonSerializer.Serialize(curve),
                        [StageInputs.MetadataKey] = inputs.Encode(),
                    });
                }
                progress.Report(trainer.Iteration, curve.Count > 0 ? $"true return {curve[^1][1]:F1}" : null);
            }
            progress.End();
            double rate = (trainer.EnvironmentSteps - startSteps) / Math.Max(1e-9, clock.Elapsed.TotalSeconds);
            var evalSeed = ExperimentSeeds.Derive(0, "maze-ppo/evaluation", o.Goal);
            var (mean, se) = Evaluate(trainer.Policy, task, goal, o.EvaluationEpisodes, evalSeed);
            var (randomMean, _) = Evaluate(null, task, goal, o.EvaluationEpisodes, evalSeed);
            var result = new MazePpoSeedResult(seed, mean, se, randomMean, curve, rate);
            Engine.IO.DurableFile.WriteAllText(Path.Combine(outDir, $"{name}-seed{seed}.json"), JsonSerializer.Serialize(result));
            progress.Log($"{task.Layout.Name} goal {o.Goal}, {name} reward, seed {seed}: true return {mean:F2} ± {se:F2} (random {randomMean:F2}), {rate:F0} environment steps/s");
            results.Add(result);
        }
        var chart = new LineChart { Title = $"{task.Layout.Name} goal {o.Goal}: PPO on the {name} reward", XLabel = "environment steps", YLabel = "true return (10 episodes)" };
        foreach (var r in results) chart.Add(new Series($"seed {r.Seed}", r.Curve.Select(p => p[0]).ToArray(), r.Curve.Select(p => p[1]).ToArray()));
        chart.SavePngAndSvg(Path.Combine(outDir, $"{name}-curve.png"));
        return results;
    }

    /// <summary>
    /// Draws the position reward the agents train on (<c>position-field.png</c>, goal and maximum marked) and logs
    /// where its maximum is, its value at the goal, and the share of visited bins that score at least as high.
    /// </summary>
    private static void DescribePosition(PositionMazeReward field, Maze2DTask task, (double X, double Y) goal, int goalNumber, string outDir, IExperimentProgress progress)
    {
        var max = field.Maximum;
        double atGoal = field.At(goal.X, goal.Y);
        int visited = 0, above = 0;
        for (int a = 0; a < field.Field.GetLength(0); a++)
            for (int b = 0; b < field.Field.GetLength(1); b++)
                if (field.Visited[a, b]) { visited++; if (field.Field[a, b] >= atGoal) above++; }
        Maze2DReport.DrawHeatmap(task.Layout, field.Field, goal, max, $"{task.Layout.Name} goal {goalNumber}: position reward", Path.Combine(outDir, "position-field.png"));
        progress.Log($"position reward: maximum {field.At(max.X, max.Y):F3} at ({max.X:F2}, {max.Y:F2}), {GoalAccuracy.Distance(max, goal):F2} from the goal; " +
                     $"r(goal) = {atGoal:F3}, {above} of {visited} visited bins score at least that");
    }

    /// <summary>Mean and standard error of the sparse ground-truth return; <paramref name="policy"/> null = uniformly random actions.</summary>
    public static (double Mean, double StandardError) Evaluate(GaussianPolicy? policy, Maze2DTask task, (double X, double Y) goal, int episodes, ulong seed)
    {
        var returns = new double[episodes];
        Parallel.For(0, episodes, k =>
        {
            using var env = new Maze2DEnvironment(task) { Target = goal };
            var obs = env.Reset(Rng.Derive(seed, (ulong)k));
            var rng = new Rng(Rng.Derive(seed ^ 0x7A11D0, (ulong)k));
            var action = new double[2];
            double total = 0;
            while (true)
            {
                if (policy is null) { action[0] = rng.Uniform(-1, 1); action[1] = rng.Uniform(-1, 1); }
                else policy.Act(obs, action);
                var step = env.Step(action);
                total += step.Reward;
                obs = step.Observation;
                if (step.Terminated || step.Truncated) break;
            }
            returns[k] = total;
        });
        return WelchTest.MeanSe(returns);
    }
}
