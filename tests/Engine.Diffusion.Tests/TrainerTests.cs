using Engine.NN;
using Engine.Testing;

namespace Engine.Diffusion.Tests;

public class TrainerTests
{
    private static SequenceDataset Data()
    {
        var g = new Generator(3);
        var eps = Enumerable.Range(0, 3).Select(_ => new Episode(
            Enumerable.Range(0, 40).Select(_ => g.NextNormal()).ToArray(),
            Enumerable.Range(0, 20).Select(_ => g.NextNormal()).ToArray(), 20, 2, 1)).ToList();
        return new SequenceDataset(eps, 8, 20, rule: PaddingRule.Diffuser);
    }

    [Fact]
    public void TrainsLowersTheLossAndCheckpointsModelEmaAndStep()
    {
        var data = Data();
        TemporalUnet Net(ulong s) => new(8, 3, new Generator(s), dim: 8, dimMults: [1, 2]);
        var diff = new GaussianDiffusion(Net(1), 8, 2, 1, steps: 10, actionWeight: 10);
        var trainer = new DiffusionTrainer(diff, Net(2), data, new Generator(4), batchSize: 8, lr: 3e-3, gradientAccumulate: 2, stepStartEma: 4, updateEmaEvery: 2);
        var losses = Enumerable.Range(0, 30).Select(_ => trainer.TrainStep()).ToArray();
        Assert.True(losses[^5..].Average() < losses[..5].Average(), $"loss {losses[..5].Average()} → {losses[^5..].Average()}");
        Assert.Equal(30, trainer.Step);

        var dir = Path.Combine(Path.GetTempPath(), "engine-trainer-" + Guid.NewGuid().ToString("N"));
        try
        {
            var path = Path.Combine(dir, "state.safetensors");
            trainer.Save(path);
            var other = new DiffusionTrainer(new GaussianDiffusion(Net(5), 8, 2, 1, steps: 10), Net(6), data, new Generator(4));
            other.Load(path);
            Assert.Equal(30, other.Step);
            var x = Tensor.RandN(new Generator(1), [2, 8, 3]);
            var t = Tensor.FromArray(new[] { 1, 2 }, 2);
            TensorAssert.Identical(trainer.EmaDiffusion.Model.Forward(x, t), other.EmaDiffusion.Model.Forward(x, t));
            TensorAssert.Identical(trainer.Diffusion.Model.Forward(x, t), other.Diffusion.Model.Forward(x, t));
        }
        finally { Directory.Delete(dir, true); }
    }
}
