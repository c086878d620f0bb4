using Engine.Envs.MuJoCo.Data;
using Engine.Envs.MuJoCo.Locomotion;

namespace Engine.Envs.MuJoCo.Tests;

/// <summary>Long ARS runs resume from their checkpoint bit-exactly, and one run's history serves the base quality.</summary>
public sealed class ArsCheckpointTests() : ScratchDirectoryTest("ars-ckpt")
{
    private static GenerationOptions Options(DataQuality quality, int iterations, double target, string? checkpoint) =>
        new(LocomotionTask.Hopper, quality, Episodes: 3, Seed: 4, TargetScore: target, MaxIterations: iterations,
            EvaluateEvery: 2, EvaluationEpisodes: 1, Workers: 2, CheckpointPath: checkpoint, CheckpointEvery: 3);

    private static (double[] Policy, double[] Returns, int Iterations, long Steps) Run(GenerationOptions options)
    {
        var (episodes, trainer, _, _, iterations, steps) = LocomotionDatasetGenerator.Collect(options);
        using (trainer)
            return ([.. trainer.Policy.Weights, .. trainer.Policy.Mean, .. trainer.Policy.Std], episodes.Select(e => e.Return).ToArray(), iterations, steps);
    }

    [MuJoCoFact]
    public void An_interrupted_run_resumed_from_its_checkpoint_equals_an_uninterrupted_one()
    {
        var straight = Run(Options(DataQuality.Expert, 8, 1000, null));
        var path = Path.Combine(Dir, "hopper.json");
        Run(Options(DataQuality.Expert, 5, 1000, path));            // "interrupted" after 5 iterations
        Assert.True(File.Exists(path));
        Assert.False(File.Exists(path + ".tmp"));
        var resumed = Run(Options(DataQuality.Expert, 8, 1000, path)); // continues from iteration 5
        Assert.Equal(straight.Policy, resumed.Policy);
        Assert.Equal(straight.Returns, resumed.Returns);
        Assert.Equal((8, straight.Steps), (resumed.Iterations, resumed.Steps));
    }

    [MuJoCoFact]
    public void A_base_run_on_an_expert_checkpoint_cuts_the_history_where_a_fresh_base_run_stops()
    {
        // The second evaluation's score plays the base target, so the cut falls inside the history.
        var path = Path.Combine(Dir, "expert.json");
        Run(Options(DataQuality.Expert, 10, 1000, path));
        var checkpoint = ArsCheckpoint.Load(path, LocomotionTask.Hopper.Name, 4, ArsSettings.For(LocomotionKind.Hopper));
        double target = checkpoint.Evaluations[1].Score; // reached at the second evaluation at the latest
        var fromScratch = Run(Options(DataQuality.Base, 10, target, null));
        var fromCheckpoint = Run(Options(DataQuality.Base, 10, target, path));
        Assert.Equal(fromScratch.Returns, fromCheckpoint.Returns);
        Assert.Equal((fromScratch.Iterations, fromScratch.Steps), (fromCheckpoint.Iterations, fromCheckpoint.Steps));
        Assert.True(fromCheckpoint.Iterations <= checkpoint.Evaluations[1].Iteration);
    }

    [MuJoCoFact]
    public void A_run_that_resumes_without_training_leaves_the_checkpoint_untouched()
    {
        var path = Path.Combine(Dir, "untouched.json");
        Run(Options(DataQuality.Expert, 4, 1000, path));
        var written = File.GetLastWriteTimeUtc(path);
        var bytes = File.ReadAllBytes(path);
        Thread.Sleep(20);
        Run(Options(DataQuality.Expert, 4, 1000, path));
        Assert.Equal(written, File.GetLastWriteTimeUtc(path));
        Assert.Equal(bytes, File.ReadAllBytes(path));
    }

    [MuJoCoFact]
    public void A_checkpoint_of_another_seed_is_refused_with_the_file_named()
    {
        var path = Path.Combine(Dir, "seed4.json");
        Run(Options(DataQuality.Expert, 2, 1000, path));
        var other = Options(DataQuality.Expert, 4, 1000, path) with { Seed = 5 };
        var e = Assert.Throws<Engine.IO.InputException>(() => LocomotionDatasetGenerator.Collect(other));
        Assert.Contains(path, e.Message);
        Assert.Contains("seed 4", e.Message);
    }

    [MuJoCoFact]
    public void A_corrupt_checkpoint_is_refused_with_the_file_named()
    {
        Directory.CreateDirectory(Dir);
        var path = Path.Combine(Dir, "corrupt.json");
        File.WriteAllText(path, "{\"Version\": 1, \"Env\": ");
        var e = Assert.Throws<Engine.IO.InputException>(() => LocomotionDatasetGenerator.Collect(Options(DataQuality.Expert, 2, 1000, path)));
        Assert.Contains(path, e.Message);
    }
}
