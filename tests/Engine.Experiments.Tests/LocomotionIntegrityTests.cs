using System.Text.Json;
using Engine.Envs.MuJoCo.Locomotion;
using Engine.Experiments.Locomotion;
using Engine.Experiments.Locomotion.Steering;
using Engine.IO;

namespace Engine.Experiments.Tests;

/// <summary>
/// Issue 22's integrity in the locomotion experiment and its dataset suite: sidecars and recorded hashes for every
/// dataset, a damaged cached dataset made again, changed data and a swapped upstream checkpoint refused by name.
/// </summary>
public class LocomotionIntegrityTests
{
    private static LocomotionExperimentConfig Config(string data) =>
        LocomotionSteeringTests.Tiny(data) with { Ablations = new LocomotionExperimentConfig.AblationSettings() };

    [MuJoCoFact]
    public void ChangedInputsAreRefusedByNameAndADamagedCachedDatasetIsMadeAgain()
    {
        string data = Directory.CreateTempSubdirectory("engine-integrity-locodata-").FullName;
        string run = Directory.CreateTempSubdirectory("engine-integrity-locorun-").FullName;
        try
        {
            // Every dataset has its sidecar, and its summary records the same hash.
            var summaries = new LocomotionDatasetSuite(data, 0, 2, SilentProgress.Instance).Run(TinyLocomotionData.Plan);
            Assert.Equal(3, summaries.Count);
            foreach (var s in summaries)
            {
                string file = Path.Combine(data, s.File);
                Assert.Equal($"{ContentHash.Sha256(file)}  {s.File}\n", File.ReadAllText(file + ".sha256"));
                Assert.Equal(ContentHash.Sha256(file), s.Sha256);
            }

            var first = new LocomotionExperiment(Config(data), run, workers: 2).Run();
            string rollouts = Path.Combine(run, "rollouts", "BaseReward.json");
            using (var saved = JsonDocument.Parse(File.ReadAllText(rollouts)))
                Assert.Contains("guide", saved.RootElement.EnumerateObject().Single(p => p.NameEquals("inputs") || p.NameEquals("Inputs")).Value.GetString()!);

            // An untouched rerun reuses every stage and every rollout.
            var again = new LocomotionExperiment(Config(data), run, workers: 2).Run();
            foreach (var (name, episodes) in first.Conditions)
                Assert.Equal(episodes.Select(e => e.Score), again.Conditions[name].Select(e => e.Score));

            // A swapped reward checkpoint: the reward stage cannot tell (same configuration and inputs), the rollouts it steered can.
            string reward = Path.Combine(run, "models", "reward.safetensors");
            var original = File.ReadAllBytes(reward);
            RunFolderDamage.SwapWeights(reward);
            var swapped = Assert.Throws<Engine.IO.InputException>(() => new LocomotionExperiment(Config(data), run, workers: 2).Run());
            Assert.StartsWith($"input changed ('{reward}'): '{rollouts}' was made from guide", swapped.Message);
            File.WriteAllBytes(reward, original);

            // A flipped bit in a dataset: the experiment refuses it by name; the suite makes it again, byte for byte.
            string expert = Path.Combine(data, LocomotionDatasetSuite.FileName(LocomotionKind.Hopper, LocomotionDatasetKind.Expert, "hdf5"));
            var intact = File.ReadAllBytes(expert);
            RunFolderDamage.FlipBit(expert);
            var flipped = Assert.Throws<Engine.IO.InputException>(() => new LocomotionExperiment(Config(data), run, workers: 2).Run());
            Assert.StartsWith($"data file changed ('{expert}')", flipped.Message);
            Assert.DoesNotContain('\n', flipped.Message);

            var log = new RunFolderDamage.Log();
            new LocomotionDatasetSuite(data, 0, 2, log).Run(TinyLocomotionData.Plan);
            Assert.Contains(log.Lines, l => l.StartsWith($"data file changed ('{expert}')") && l.EndsWith("making it again"));
            Assert.Equal(intact, File.ReadAllBytes(expert));
            Assert.True(HashSidecar.Matches(expert));
            new LocomotionExperiment(Config(data), run, workers: 2).Run(); // the same bytes again: every stage is reused
        }
        finally
        {
            Directory.Delete(data, true);
            Directory.Delete(run, true);
        }
    }
}
