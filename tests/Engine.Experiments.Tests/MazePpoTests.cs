using Engine.Envs;
using Engine.Envs.Maze2D;
using Engine.Experiments.Maze2D;
using Engine.Experiments.Maze2D.Ppo;

namespace Engine.Experiments.Tests;

/// <summary>PPO on the maze with the true and the extracted reward (the paper's Table 2 set-up), on a run of seconds.</summary>
public class MazePpoTests
{
    [Fact]
    public void ExtractedRewardsComeFromAFinishedRunAndShapingTelescopes()
    {
        string run = Directory.CreateTempSubdirectory("engine-mazeppo-run-").FullName;
        string ppo = Directory.CreateTempSubdirectory("engine-mazeppo-").FullName;
        try
        {
            new Maze2DExperiment(Maze2DPipelineTests.Tiny, run).Run(); // umaze, goal 2, seed 0
            var e = Assert.Throws<Engine.IO.InputException>(() => ExtractedMazeReward.Load(run, goal: 3, seed: 0));
            Assert.Contains("config.json", e.Message);
            Assert.Contains("no config.json", Assert.Throws<Engine.IO.InputException>(() => ExtractedMazeReward.Load(ppo, goal: 2, seed: 0)).Why);
            var reward = ExtractedMazeReward.Load(run, goal: 2, seed: 0);

            // With γ = 1 the shaped rewards of an episode sum to Φ(last window) − Φ(first window).
            var task = Maze2DTask.Named("umaze");
            var goal = PaperGoals.Goal(task, 2);
            using var window = new MazeRewardEnvironment(task, goal, MazeRewardKind.Window, reward, gamma: 1);
            using var shaping = new MazeRewardEnvironment(task, goal, MazeRewardKind.Shaping, reward, gamma: 1);
            window.Reset(11);
            shaping.Reset(11);
            var rng = new Rng(5);
            var phi = new List<double>();
            double shaped = 0;
            for (int t = 0; t < 30; t++)
            {
                double[] a = [rng.Uniform(-1, 1), rng.Uniform(-1, 1)];
                phi.Add(window.Step(a).Reward);
                shaped += shaping.Step(a).Reward;
            }
            Assert.Equal(phi[^1] - phi[0], shaped, 9);
            Assert.Equal(window.TrueReturn, shaping.TrueReturn);
            Assert.True(phi.Distinct().Count() > 1, "the extracted reward should vary along a trajectory");

            // The position reward is the run's smoothed heatmap of ρ over base windows, read at the position reached.
            var field = reward.Position();
            Assert.Same(field, reward.Position());
            using var position = new MazeRewardEnvironment(task, goal, MazeRewardKind.Position, reward);
            position.Reset(11);
            var (mx, my) = field.Maximum;
            double best = field.At(mx, my), seenMax = double.NegativeInfinity;
            var walk = new Rng(6);
            for (int t = 0; t < 60; t++)
            {
                var s = position.Step([walk.Uniform(-1, 1), walk.Uniform(-1, 1)]);
                Assert.Equal(field.At(s.Observation[0], s.Observation[1]), s.Reward);
                seenMax = Math.Max(seenMax, s.Reward);
            }
            Assert.InRange(seenMax, 0, best);
            Assert.True(best > 0.5, $"the field's maximum {best} should be near the top of the winsorised [0, 1] scale");
            Assert.Equal(0, field.At(-5, -5)); // outside the maze
            Assert.Equal(0, field.At(double.NaN, 1));
            // Built from the run's own reward network and data: the same field again from a fresh load.
            Assert.Equal(field.Field.Cast<double>(), ExtractedMazeReward.Load(run, goal: 2, seed: 0).Position().Field.Cast<double>());

            // Clipping to the data's range changes nothing inside it and caps what lies beyond: a window pushed far past the
            // data's speeds reads the same as one at the edge of the range.
            var inside = new double[reward.Horizon * 6];
            for (int k = 0; k < reward.Horizon; k++) { inside[k * 6 + 2] = 1.0; inside[k * 6 + 3] = 1.0; }
            Assert.Equal(reward.Evaluate(inside), reward.Evaluate(inside, clipToData: true));
            var fast = (double[])inside.Clone();
            var faster = (double[])inside.Clone();
            for (int k = 0; k < reward.Horizon; k++) { fast[k * 6 + 4] = 1e3; faster[k * 6 + 4] = 1e6; }
            Assert.Equal(reward.Evaluate(fast, clipToData: true), reward.Evaluate(faster, clipToData: true));
            Assert.NotEqual(reward.Evaluate(fast), reward.Evaluate(faster));
            Assert.Equal("window-clipped", MazeRewardKind.ClippedWindow.Name());

            // A short PPO run on the true reward writes its result and curve, and scores a random policy beside it.
            var options = new MazePpoOptions("umaze", 2, MazeRewardKind.Shaping, run, 0, [0], Steps: 4096, EvaluationEpisodes: 4);
            var results = MazePpo.Run(options, ppo, SilentProgress.Instance);
            Assert.Single(results);
            Assert.True(File.Exists(Path.Combine(ppo, "shaping-seed0.json")) && File.Exists(Path.Combine(ppo, "shaping-curve.png")));
            Assert.True(results[0].MeanTrueReturn >= 0 && results[0].RandomMeanTrueReturn >= 0);
            FigureAudit.Check(run, atLeast: 3); // losses, reward and discriminator heatmaps
            FigureAudit.Check(ppo, atLeast: 1); // the PPO curve
            // A rerun finds the finished checkpoint and gives the same score.
            Assert.Equal(results[0].MeanTrueReturn, MazePpo.Run(options, ppo, SilentProgress.Instance)[0].MeanTrueReturn);

            // The agent is tied to the reward it was trained on: a rewritten reward checkpoint is refused by name.
            var rewardFile = Path.Combine(run, "goal2", "seed0", "reward.safetensors");
            var tensors = Engine.NN.SafeTensors.Load(rewardFile, out var meta);
            meta["note"] = "rewritten";
            Engine.NN.SafeTensors.Save(rewardFile, tensors, meta);
            var changed = Assert.Throws<Engine.IO.InputException>(() => MazePpo.Run(options, ppo, SilentProgress.Instance));
            Assert.Contains("reward.safetensors", changed.Message);
        }
        finally
        {
            Directory.Delete(run, true);
            Directory.Delete(ppo, true);
        }
    }
}
