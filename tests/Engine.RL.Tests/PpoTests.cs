using Engine.Envs;

namespace Engine.RL.Tests;

public sealed class PpoTests
{
    private static PpoSettings Small(long total = 4 * 4 * 64) => new()
    {
        Environments = 4, StepsPerRollout = 64, Minibatches = 4, Epochs = 4, TotalSteps = total, Hidden = "16,16",
    };

    private static float[] Parameters(PpoTrainer t) => t.Model.Parameters().SelectMany(p => p.Value.ToArrayFloat()).ToArray();

    [Fact]
    public void SameSeedGivesTheSameRunWhateverTheWorkerCount()
    {
        using var a = new PpoTrainer(_ => new PointTarget(), Small(), seed: 3, workers: 1);
        using var b = new PpoTrainer(_ => new PointTarget(), Small(), seed: 3, workers: 2);
        using var c = new PpoTrainer(_ => new PointTarget(), Small(), seed: 4, workers: 2);
        for (int i = 0; i < 3; i++)
        {
            var ia = a.Step();
            var ib = b.Step();
            c.Step();
            Assert.Equal(ia.PolicyLoss, ib.PolicyLoss);
            Assert.Equal(ia.Episodes, ib.Episodes);
        }
        Assert.Equal(Parameters(a), Parameters(b));
        Assert.NotEqual(Parameters(a), Parameters(c));
    }

    [Fact]
    public void ResumeFromACheckpointContinuesBitExactly()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ppo-{Guid.NewGuid():N}.safetensors");
        try
        {
            using var straight = new PpoTrainer(_ => new PointTarget(), Small(), seed: 5);
            var expected = Enumerable.Range(0, 4).Select(_ => straight.Step()).ToList();

            // Stop mid-episode (64 steps per rollout, 40-step episodes) and continue in a fresh trainer.
            using (var first = new PpoTrainer(_ => new PointTarget(), Small(), seed: 5))
            {
                first.Step();
                first.Step();
                first.Save(path, new Dictionary<string, Tensor> { ["note"] = Tensor.FromArray(new[] { 1.5 }, 1) }, new Dictionary<string, string> { ["who"] = "test" });
            }
            using var resumed = new PpoTrainer(_ => new PointTarget(), Small(), seed: 5);
            var (extra, meta) = resumed.Load(path);
            Assert.Equal(1.5, extra["note"].Item());
            Assert.Equal("test", meta["who"]);
            Assert.Equal(2, resumed.Iteration);
            var rest = Enumerable.Range(0, 2).Select(_ => resumed.Step()).ToList();
            for (int i = 0; i < 2; i++)
            {
                Assert.Equal(expected[i + 2].PolicyLoss, rest[i].PolicyLoss);
                Assert.Equal(expected[i + 2].ValueLoss, rest[i].ValueLoss);
                Assert.Equal(expected[i + 2].Episodes, rest[i].Episodes);
            }
            Assert.Equal(Parameters(straight), Parameters(resumed));

            using var other = new PpoTrainer(_ => new PointTarget(), Small(), seed: 6);
            var e = Assert.Throws<Engine.IO.InputException>(() => other.Load(path));
            Assert.Contains("seed 5", e.Message);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void LearnsToReachTheTarget()
    {
        var settings = Small(total: 60 * 4 * 64) with { LearningRate = 1e-3 };
        using var trainer = new PpoTrainer(_ => new PointTarget(), settings, seed: 0);
        double Evaluate()
        {
            var policy = trainer.Policy;
            double total = 0;
            for (int k = 0; k < 20; k++)
            {
                using var env = new PointTarget();
                var obs = env.Reset(Rng.Derive(99, (ulong)k));
                var a = new double[1];
                while (true)
                {
                    policy.Act(obs, a);
                    var s = env.Step(a);
                    total += s.Reward;
                    obs = s.Observation;
                    if (s.Terminated || s.Truncated) break;
                }
            }
            return total / 20;
        }
        double before = Evaluate();
        while (!trainer.Finished) trainer.Step();
        double after = Evaluate();
        // Standing still costs ≈ 20 per episode; driving x to 0 and holding it costs ≈ 2.6.
        Assert.True(before < -12, $"the initial policy should be poor, got {before:F2}");
        Assert.True(after > -5, $"PPO should learn to reach the target: {before:F2} → {after:F2}");
    }

    [Fact]
    public void BadSettingsAreRefusedByName()
    {
        var e = Assert.Throws<ArgumentException>(() => (Small() with { Minibatches = 3 }).Validate());
        Assert.Contains("minibatches", e.Message);
        Assert.Throws<ArgumentException>(() => (Small() with { Hidden = "64,x" }).Validate());
        Assert.Throws<ArgumentException>(() => (Small() with { TotalSteps = 10 }).Validate());
    }
}
