using Engine.Envs.Datasets;
using Engine.Experiments.Maze2D;
using Engine.IO;
using Engine.NN;

namespace Engine.Experiments.Tests;

/// <summary>
/// The claim behind every held-out number: training and held-out episodes are disjoint, and nothing of the held-out
/// episodes reaches the diffusion, reward or discriminator training. Checked on the real data path (generated
/// files, <see cref="Maze2DData"/>'s split, the experiment's trainers) at a micro size.
/// </summary>
public class Maze2DHeldOutTests
{
    private static readonly Maze2DConfig Config = Maze2DPipelineTests.Tiny;
    private const int Goal = 2, Seed = 0;

    private static string[] DataFiles(string dataDir) =>
        [Maze2DData.BasePath(dataDir, Config, Seed), Maze2DData.ExpertPath(dataDir, Config, Goal, Seed)];

    [Fact]
    public void Training_and_held_out_episodes_are_disjoint()
    {
        var dir = Directory.CreateTempSubdirectory("engine-heldout-").FullName;
        try
        {
            string dataDir = Path.Combine(dir, "data");
            var data = Maze2DData.Prepare(Config, dataDir, Seed, [Goal], SilentProgress.Instance);
            foreach (var (path, name) in DataFiles(dataDir).Zip(new[] { "base", $"goal{Goal}" }))
            {
                var d = D4rlHdf5.Read(path);
                var split = Maze2DData.SplitEpisodes(d, Config.Data.TestFraction, path);
                Assert.NotEmpty(split.Train);
                Assert.NotEmpty(split.Test);
                Assert.Equal((split.Train.Count, split.Test.Count), data.EpisodeCounts[name]);
                var trainRows = split.Train.SelectMany(r => Enumerable.Range(r.Start, r.End - r.Start)).ToHashSet();
                var testRows = split.Test.SelectMany(r => Enumerable.Range(r.Start, r.End - r.Start)).ToHashSet();
                Assert.False(trainRows.Overlaps(testRows), $"{name}: a file row is both trained on and held out");
                // Held out = the file's last episodes: every held-out row comes after every training row.
                Assert.True(testRows.Min() > trainRows.Max());
                // And no state recurs across the two sets (the generator draws continuous positions).
                var trainStates = trainRows.Select(i => State(d, i)).ToHashSet();
                Assert.DoesNotContain(testRows.Select(i => State(d, i)), trainStates.Contains);
            }
            // The datasets the trainers see hold exactly the training episodes' windows.
            Assert.Equal(data.EpisodeCounts["base"].Train, data.BaseTrain.PathLengths.Length);
            Assert.Equal(data.EpisodeCounts["base"].Test, data.BaseTest.PathLengths.Length);
        }
        finally { Directory.Delete(dir, true); }
    }

    /// <summary>
    /// The experiment run twice: once on the generated data, once on the same files with every held-out step
    /// changed. Every trained checkpoint is the same to the bit; only the held-out evaluation moves.
    /// </summary>
    [Fact]
    public void Changing_the_held_out_episodes_changes_no_trained_weight()
    {
        var clean = Directory.CreateTempSubdirectory("engine-heldout-clean-").FullName;
        var poisoned = Directory.CreateTempSubdirectory("engine-heldout-poisoned-").FullName;
        try
        {
            var a = new Maze2DExperiment(Config, clean).Run();
            string dataDir = Path.Combine(poisoned, "data");
            Directory.CreateDirectory(dataDir);
            foreach (var path in DataFiles(Path.Combine(clean, "data")))
            {
                var d = D4rlHdf5.Read(path);
                foreach (var (start, end) in Maze2DData.SplitEpisodes(d, Config.Data.TestFraction, path).Test)
                {
                    for (int i = start * d.ObservationDim; i < end * d.ObservationDim; i++) d.Observations[i] += 0.37f;
                    for (int i = start * d.ActionDim; i < end * d.ActionDim; i++) d.Actions[i] = -d.Actions[i];
                }
                string target = Path.Combine(dataDir, Path.GetFileName(path));
                D4rlHdf5.Write(d, target);
                HashSidecar.Write(target);
                Assert.NotEqual(ContentHash.Sha256(path), ContentHash.Sha256(target));
            }
            var b = new Maze2DExperiment(Config, poisoned).Run();

            foreach (var file in new[] { "models/base-seed0.safetensors", $"models/expert-goal{Goal}-seed0.safetensors", $"goal{Goal}/seed0/reward.safetensors", $"goal{Goal}/seed0/discriminator.safetensors" })
            {
                var x = SafeTensors.Load(Path.Combine(clean, file));
                var y = SafeTensors.Load(Path.Combine(poisoned, file));
                Assert.Equal(x.Keys.Order(), y.Keys.Order());
                foreach (var k in x.Keys) Assert.Equal(x[k].ToArrayDouble(), y[k].ToArrayDouble());
            }
            Assert.Equal(a.Runs[0].FinalRewardLoss, b.Runs[0].FinalRewardLoss);
            Assert.Equal(a.Runs[0].DiscriminabilityTrain, b.Runs[0].DiscriminabilityTrain); // fitted on training windows only
            // The evaluation does read the held-out episodes: the test can see a change where one is allowed.
            Assert.NotEqual(a.Runs[0].HeldOutRewardLoss, b.Runs[0].HeldOutRewardLoss);
        }
        finally
        {
            Directory.Delete(clean, true);
            Directory.Delete(poisoned, true);
        }
    }

    private static (float, float, float, float) State(D4rlDataset d, int row)
    {
        var o = d.Observation(row);
        return (o[0], o[1], o[2], o[3]);
    }
}
