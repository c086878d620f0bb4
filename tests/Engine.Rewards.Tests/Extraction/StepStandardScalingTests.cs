using Engine.Autodiff;
using Engine.NN;
using Engine.Rewards.Extraction;

namespace Engine.Rewards.Tests.Extraction;

public class StepStandardScalingTests
{
    /// <summary>ρ(z, t) = Σ w ⊙ z per sample, so ∇_z ρ = w everywhere.</summary>
    private sealed class LinearReward(double[] w, int[] sampleShape) : Module, ITrajectoryModel
    {
        public Tensor Forward(Tensor x, Tensor t) =>
            (x * Tensor.FromArray(w, [1, .. sampleShape]).Cast(x.DType)).Reshape(x.Shape[0], w.Length).Sum(1);
    }

    private static (ModelAlignmentSource Source, StepStandardScaling Scaling, Dictionary<string, Tensor> Raw, Dictionary<string, Tensor> Scaled, GaussianPair Pair) Scaled()
    {
        var pair = new GaussianPair(sampleShape: [2, GaussianPair.Channels]);
        var source = ModelAlignmentSource.Generate(pair.Base, pair.Expert, 32, new Generator(3), chunk: 16);
        string raw = Path.GetTempFileName(), scaled = Path.GetTempFileName();
        try
        {
            source.Save(raw);
            var scaling = source.Standardize(GaussianPair.Steps);
            source.Save(scaled);
            return (source, scaling, SafeTensors.Load(raw), SafeTensors.Load(scaled), pair);
        }
        finally { File.Delete(raw); File.Delete(scaled); }
    }

    [Fact]
    public void Scaled_tuples_have_zero_mean_and_unit_deviation_per_step_and_coordinate()
    {
        var (_, _, _, f, _) = Scaled();
        var x = f["x"].ToArrayDouble();
        var t = f["t"].ToArrayInt();
        int row = 2 * GaussianPair.Channels;
        for (int s = 0; s < GaussianPair.Steps; s++)
        {
            var rows = Enumerable.Range(0, t.Length).Where(i => t[i] == s).ToArray();
            Assert.Equal(64, rows.Length); // 2 models × 32 chains visit every step once
            for (int j = 0; j < row; j++)
            {
                var v = rows.Select(i => x[i * row + j]).ToArray();
                double m = v.Average();
                double sd = Math.Sqrt(v.Select(a => (a - m) * (a - m)).Average());
                Assert.Equal(0, m, 4);
                Assert.Equal(1, sd, 3);
            }
        }
    }

    [Fact]
    public void The_target_is_the_raw_mean_difference_divided_by_the_steps_deviation()
    {
        var (_, scaling, raw, scaled, pair) = Scaled();
        int row = 2 * GaussianPair.Channels;
        var t = raw["t"].ToArrayInt();
        var dRaw = (raw["mean_expert"] - raw["mean_base"]).ToArrayDouble();
        var dScaled = (scaled["mean_expert"] - scaled["mean_base"]).ToArrayDouble();
        // The deviation of each row's step, read back through the map itself: z(m + 1) − z(m) = 1/s.
        var ones = Tensor.Ones([t.Length, 2, GaussianPair.Channels]);
        var invS = (scaling.Apply(ones, t) - scaling.Apply(Tensor.Zeros([t.Length, 2, GaussianPair.Channels]), t)).ToArrayDouble();
        for (int i = 0; i < t.Length; i++)
            for (int j = 0; j < row; j++)
            {
                Assert.Equal(pair.TrueSlope(t[i])[j % GaussianPair.Channels], dRaw[i * row + j], 4);
                Assert.Equal(dRaw[i * row + j] * invS[i * row + j], dScaled[i * row + j], 3);
            }
    }

    [Fact]
    public void Wrapped_rewards_carry_the_chain_rule_and_the_guide_the_scaled_step()
    {
        var (_, scaling, _, _, _) = Scaled();
        int[] shape = [2, GaussianPair.Channels];
        var w = new[] { 1.0, -2.0, 0.5, 3.0 };
        var reward = new LinearReward(w, shape);
        int[] t = [0, 4, 9];
        var x = Tensor.RandN(new Generator(2), [3, .. shape], DType.Float64);
        var invS = (scaling.Apply(Tensor.Ones([3, .. shape], DType.Float64), t) - scaling.Apply(Tensor.Zeros([3, .. shape], DType.Float64), t)).ToArrayDouble();
        var tt = Tensor.FromArray(t, 3);
        (double[] Value, double[] Grad) Eval(Engine.Diffusion.Reward r)
        {
            using var _ = Autograd.EnableGrad();
            var leaf = x.Detach().RequiresGrad();
            var y = r(leaf, tt);
            return (y.ToArrayDouble(), Autograd.Grad(y.Sum(), [leaf])[0].ToArrayDouble());
        }
        var (v1, g1) = Eval(scaling.Wrap(reward));
        var (v2, g2) = Eval(scaling.GuideInScaledSpace(reward));
        Assert.Equal(v1, v2); // same value
        for (int k = 0; k < g1.Length; k++)
        {
            Assert.Equal(w[k % w.Length] * invS[k], g1[k], 6); // ∇_x ρ(z(x)) = w / s
            Assert.Equal(w[k % w.Length] / invS[k], g2[k], 5); // the guide: s ⊙ ∇_z ρ
        }
    }

    [Fact]
    public void Saved_scaling_and_tuples_load_back_exactly()
    {
        var (source, scaling, _, _, _) = Scaled();
        string sPath = Path.GetTempFileName(), tPath = Path.GetTempFileName();
        try
        {
            scaling.Save(sPath);
            source.Save(tPath);
            var back = StepStandardScaling.Load(sPath);
            var x = Tensor.RandN(new Generator(4), [2, 2, GaussianPair.Channels]);
            Assert.Equal(scaling.Apply(x, [3, 7]).ToArrayFloat(), back.Apply(x, [3, 7]).ToArrayFloat());
            var loaded = ModelAlignmentSource.Load(tPath);
            var a = source.Next(new Generator(5), 16);
            var b = loaded.Next(new Generator(5), 16);
            Assert.Equal(a.T, b.T);
            Assert.Equal(a.X.ToArrayFloat(), b.X.ToArrayFloat());
            Assert.Equal(a.MeanExpert.ToArrayFloat(), b.MeanExpert.ToArrayFloat());
            Assert.Throws<Engine.IO.InputException>(() => StepStandardScaling.Load(tPath));
        }
        finally { File.Delete(sPath); File.Delete(tPath); }
    }
}
