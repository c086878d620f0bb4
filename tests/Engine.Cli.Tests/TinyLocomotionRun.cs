using System.Text.Json.Nodes;
using Engine.Experiments.Locomotion.Steering;

namespace Engine.Cli.Tests;

/// <summary>A tiny Hopper experiment for the command-line tests, and the comparison of two of its run folders.</summary>
internal static class TinyLocomotionRun
{
    /// <summary>Writes the tiny configuration (datasets made in <c>dir/data</c>) to <c>dir/tiny.json</c> and returns its path.</summary>
    public static string Config(string dir, LocomotionExperimentConfig.AblationSettings ablations)
    {
        string data = Path.Combine(dir, "data");
        Engine.Experiments.Tests.TinyLocomotionData.Make(data);
        var tiny = LocomotionExperimentConfig.Small("hopper") with
        {
            DataDir = data,
            Diffusion = new LocomotionExperimentConfig.DiffusionSettings { Horizon = 8, Steps = 4, Dim = 8, DimMults = [1, 2], BatchSize = 4, TrainSteps = 4, StepStartEma = 2, UpdateEmaEvery = 2 },
            Reward = new LocomotionExperimentConfig.RewardSettings { TrainSteps = 4, BatchSize = 8, PairPool = 32, StepStartEma = 2, UpdateEmaEvery = 2 },
            Discriminator = new LocomotionExperimentConfig.DiscriminatorSettings { TrainSteps = 4, BatchSize = 8 },
            Rollouts = new LocomotionExperimentConfig.RolloutSettings { Episodes = 2, MaxSteps = 10 },
            Ablations = ablations,
            CheckpointEvery = 2,
        };
        string config = Path.Combine(dir, "tiny.json");
        File.WriteAllText(config, tiny.ToJson());
        return config;
    }

    /// <summary>
    /// Asserts that the robot folder <paramref name="other"/> holds the serial run's results: every model and every
    /// condition's episodes byte for byte, the score and training figures byte for byte, and report.md / report.json
    /// equal once the wall-clock measurements (stage times, environment steps per second) are taken out.
    /// </summary>
    public static void AssertSameResults(string serial, string other)
    {
        foreach (var file in new[] { "scores.png", "training.png" }.Concat(Directory.GetFiles(Path.Combine(serial, "models"), "*.safetensors").Select(f => Path.GetRelativePath(serial, f))))
            Assert.True(File.ReadAllBytes(Path.Combine(serial, file)).SequenceEqual(File.ReadAllBytes(Path.Combine(other, file))), $"{file} differs from the serial run's");
        var rollouts = Directory.GetFiles(Path.Combine(serial, "rollouts"), "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(rollouts, Directory.GetFiles(Path.Combine(other, "rollouts"), "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var file in rollouts)
            Assert.True(Episodes(Path.Combine(serial, "rollouts", file!)) == Episodes(Path.Combine(other, "rollouts", file!)), $"rollouts/{file}: other episodes than the serial run's");
        Assert.Equal(WithoutWallTimes(File.ReadAllLines(Path.Combine(serial, "report.md"))), WithoutWallTimes(File.ReadAllLines(Path.Combine(other, "report.md"))));
        Assert.Equal(JsonWithoutWallTimes(Path.Combine(serial, "report.json")), JsonWithoutWallTimes(Path.Combine(other, "report.json")));
    }

    private static string Episodes(string rolloutsFile) => JsonNode.Parse(File.ReadAllText(rolloutsFile))!["Episodes"]!.ToJsonString();

    /// <summary>report.md without the stage times' paragraph and the conditions table's steps/s column.</summary>
    private static List<string> WithoutWallTimes(string[] lines)
    {
        var kept = new List<string>();
        bool timed = false;
        foreach (var line in lines)
        {
            if (line.Contains("Stage times (s):", StringComparison.Ordinal)) continue;
            if (line.StartsWith('|') && line.Contains("environment steps/s", StringComparison.Ordinal)) timed = true;
            else if (!line.StartsWith('|')) timed = false;
            kept.Add(timed ? line[..line.TrimEnd().TrimEnd('|').LastIndexOf('|')] : line);
        }
        Assert.Contains(lines, l => l.Contains("Stage times (s):", StringComparison.Ordinal)); // the masks still find what they take out
        return kept;
    }

    private static string JsonWithoutWallTimes(string path)
    {
        var node = JsonNode.Parse(File.ReadAllText(path))!;
        int removed = Strip(node);
        Assert.True(removed > 0, $"{path}: no wall-clock member found to take out");
        return node.ToJsonString();
    }

    private static int Strip(JsonNode? node)
    {
        int removed = 0;
        if (node is JsonObject o)
        {
            foreach (var key in o.Select(kv => kv.Key).ToList())
                if (key.Equals("stageSeconds", StringComparison.OrdinalIgnoreCase) || key.Equals("stepsPerSecond", StringComparison.OrdinalIgnoreCase)) { o.Remove(key); removed++; }
                else removed += Strip(o[key]);
        }
        else if (node is JsonArray a)
            foreach (var item in a) removed += Strip(item);
        return removed;
    }
}
