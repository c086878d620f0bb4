using Engine.Autodiff;
using Engine.Envs;
using Engine.NN;

namespace Engine.RL.Tests;

public sealed class BuildingBlockTests
{
    [Fact]
    public void GaeEqualsTheDiscountedSumOfTdErrorsWithinEachEpisode()
    {
        const int n = 3, steps = 7;
        const double gamma = 0.9, lambda = 0.8;
        var rng = new Rng(1);
        var values = Enumerable.Range(0, n * steps).Select(_ => rng.Normal()).ToArray();
        var rewards = Enumerable.Range(0, n * steps).Select(_ => rng.Normal()).ToArray();
        var dones = Enumerable.Range(0, n * steps).Select(_ => rng.NextDouble() < 0.25).ToArray();
        var next = Enumerable.Range(0, n).Select(_ => rng.Normal()).ToArray();
        var (adv, ret) = GeneralizedAdvantage.Compute(values, rewards, dones, next, gamma, lambda);
        for (int i = 0; i < n; i++)
            for (int t = 0; t < steps; t++)
            {
                // A_t = Σ_k (γλ)^k δ_{t+k}, stopping after the step that ends the episode.
                double expected = 0, weight = 1;
                for (int u = t; u < steps; u++)
                {
                    int k = u * n + i;
                    double v1 = dones[k] ? 0 : (u == steps - 1 ? next[i] : values[k + n]);
                    expected += weight * (rewards[k] + gamma * v1 - values[k]);
                    if (dones[k]) break;
                    weight *= gamma * lambda;
                }
                Assert.Equal(expected, adv[t * n + i], 12);
                Assert.Equal(adv[t * n + i] + values[t * n + i], ret[t * n + i], 12);
            }
    }

    [Fact]
    public void RunningMeanStdEqualsTheStatisticsOfAllRowsSeen()
    {
        var rng = new Rng(2);
        var rms = new RunningMeanStd(2);
        var all = new List<double[]>();
        foreach (var rows in new[] { 5, 1, 17, 3 })
        {
            var batch = Enumerable.Range(0, rows * 2).Select(j => 3 + (j % 2 == 0 ? 2 : 0.5) * rng.Normal()).ToArray();
            rms.Update(batch, rows);
            for (int r = 0; r < rows; r++) all.Add([batch[2 * r], batch[2 * r + 1]]);
        }
        for (int j = 0; j < 2; j++)
        {
            var column = all.Select(r => r[j]).ToArray();
            double mean = column.Average(), variance = column.Sum(v => (v - mean) * (v - mean)) / column.Length;
            // The 1e-4 pseudo-count of the prior (mean 0, variance 1) shifts the figures by ~1e-5 relative.
            Assert.Equal(mean, rms.Mean[j], 3);
            Assert.Equal(variance, rms.Var[j], 3);
        }
    }

    [Theory]
    [InlineData(4, 9, 1.0)]
    [InlineData(9, 4, 1.4142135623730951)]
    [InlineData(5, 5, 0.01)]
    public void OrthogonalInitHasOrthonormalRowsOrColumnsTimesTheGain(int rows, int cols, double gain)
    {
        var w = Init.Orthogonal(new Generator(7), rows, cols, gain, DType.Float64).ToArrayDouble();
        int k = Math.Min(rows, cols);
        for (int a = 0; a < k; a++)
            for (int b = 0; b < k; b++)
            {
                double dot = 0;
                if (rows <= cols) for (int t = 0; t < cols; t++) dot += w[a * cols + t] * w[b * cols + t];
                else for (int t = 0; t < rows; t++) dot += w[t * cols + a] * w[t * cols + b];
                Assert.Equal(a == b ? gain * gain : 0, dot, 10);
            }
    }

    [Fact]
    public void LogProbAndEntropyAreTheDiagonalGaussiansAndTheFrozenPolicyActsLikeTheModel()
    {
        var model = new GaussianActorCritic(3, 2, [8], new Generator(1));
        model.LogStd.Value = Tensor.FromArray(new float[] { -0.5f, 0.3f }, 1, 2);
        var mean = Tensor.FromArray(new float[] { 0.1f, -0.2f, 0.4f, 0.0f }, 2, 2);
        var action = Tensor.FromArray(new float[] { 0.3f, 0.1f, -0.6f, 0.5f }, 2, 2);
        var lp = model.LogProb(mean, action).ToArrayFloat();
        double[] s = [Math.Exp(-0.5), Math.Exp(0.3)];
        double[] m = [0.1, -0.2, 0.4, 0.0], a = [0.3, 0.1, -0.6, 0.5];
        for (int r = 0; r < 2; r++)
        {
            double expected = 0;
            for (int i = 0; i < 2; i++)
                expected += -0.5 * Math.Pow((a[2 * r + i] - m[2 * r + i]) / s[i], 2) - Math.Log(s[i]) - 0.5 * Math.Log(2 * Math.PI);
            Assert.Equal(expected, lp[r], 4);
        }
        Assert.Equal(-0.5 + 0.3 + 2 * (0.5 + 0.5 * Math.Log(2 * Math.PI)), model.Entropy().Item(), 4);

        var stats = new RunningMeanStd(3);
        stats.Update(new double[] { 1, 2, 3, -1, 0, 5 }, 2);
        var frozen = GaussianPolicy.From(model, stats);
        var obs = new double[] { 0.5, 1.5, 2.0 };
        var z = new double[3];
        stats.Normalize(obs, z);
        using var _ = Autograd.NoGrad();
        var expectedMean = model.Mean(Tensor.FromArray(z.Select(v => (float)v).ToArray(), 1, 3)).ToArrayFloat();
        var act = new double[2];
        frozen.Act(obs, act);
        for (int i = 0; i < 2; i++) Assert.Equal(Math.Clamp(expectedMean[i], -1, 1), act[i], 5);
    }
}

public sealed class ClippedSurrogateTests
{
    [Fact]
    public void TheGradientVanishesExactlyWhereTheClippedTermBinds()
    {
        // Ratios below, inside and above [0.8, 1.2], for positive and negative advantages.
        double[] ratios = [0.5, 0.9, 1.1, 1.5, 0.5, 0.9, 1.1, 1.5];
        double[] adv = [1, 1, 1, 1, -1, -1, -1, -1];
        var logRatio = Tensor.FromArray(ratios.Select(r => Math.Log(r)).ToArray(), 8).RequiresGrad();
        var loss = ClippedSurrogate.Loss(logRatio, Tensor.FromArray(adv, 8), 0.2);
        var g = Engine.Autodiff.Autograd.Grad(loss, [logRatio])[0].ToArrayDouble();
        for (int b = 0; b < 8; b++)
        {
            // Clipping binds when the ratio has moved past the band in the direction the advantage rewards.
            bool binds = adv[b] > 0 ? ratios[b] > 1.2 : ratios[b] < 0.8;
            double expected = binds ? 0 : -adv[b] * ratios[b] / 8; // d/dlogr of −Â·r/B
            Assert.Equal(expected, g[b], 12);
        }
    }
}
