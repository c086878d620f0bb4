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
            var e = Assert.Throws<InvalidDataException>(() => ExtractedMazeReward.Load(run, goal: 3, seed: 0));
            Assert.Contains("config.json", e.Message);
            Assert.Throws<FileNotFoundException>(() => ExtractedMazeReward.Load(ppo, goal: 2, seed: 0));
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
            var changed = Assert.Throws<InvalidDataException>(() => MazePpo.Run(options, ppo, SilentProgress.Instance));
            Assert.Contains("reward.safetensors", changed.Message);
        }
        finally
        {
            Directory.Delete(run, true);
            Directory.Delete(ppo, true);
        }
    }
}
