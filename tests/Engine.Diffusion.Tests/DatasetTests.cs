using Engine.Testing;

namespace Engine.Diffusion.Tests;

public class DatasetTests
{
    private static Episode Ep(int len, int od = 2, int ad = 1, double offset = 0) => new(
        Enumerable.Range(0, len * od).Select(i => offset + i).Select(v => (double)v).ToArray(),
        Enumerable.Range(0, len * ad).Select(i => -(double)i).ToArray(), len, od, ad);

    [Fact]
    public void LimitsNormalizerMapsToMinusOneOneAndBack()
    {
        double[] data = [0, 10, 5, 20, 10, 30];
        var n = LimitsNormalizer.Fit(data, 2);
        var y = n.Normalize(data);
        Assert.Equal([-1, -1, 0, 0, 1, 1], y);
        Assert.Equal(data, n.Unnormalize(y));
        // Out of range by more than 1e−4: the whole array is clipped first.
        Assert.Equal([10, 30], n.Unnormalize([1.5, 1.0]));
    }

    [Fact]
    public void GaussianNormalizerUsesPopulationStd()
    {
        double[] data = [1, 3];
        var n = GaussianNormalizer.Fit(data, 1);
        Assert.Equal(2, n.Means[0]);
        Assert.Equal(1, n.Stds[0]);
        Assert.Equal([-1, 1], n.Normalize(data));
    }

    [Fact]
    public void EpisodesSplitAtTerminalsTimeoutsAndStepLimit()
    {
        var obs = Enumerable.Range(0, 7).Select(i => (double)i).ToArray();
        var act = new double[7];
        var eps = Episode.Split(obs, act, [false, true, false, false, false, false, false], [false, false, false, false, true, false, false], 1, 1);
        Assert.Equal([2, 3, 2], eps.Select(e => e.Length));
        var bySteps = Episode.Split(obs, act, new bool[7], null, 1, 1, maxEpisodeSteps: 3);
        Assert.Equal([3, 3, 1], bySteps.Select(e => e.Length));
    }

    [Fact]
    public void DiffuserIndexingAndZeroPadding()
    {
        // Paths of length 5 and 3, H = 3, maxPathLength 6, padding: max_start = min(L−1, 3) → 3 and 2 windows;
        // without padding also ≤ L−H → 2 and 0.
        var ds = new SequenceDataset([Ep(5), Ep(3)], 3, 6, usePadding: true);
        Assert.Equal(5, ds.Count);
        var noPad = new SequenceDataset([Ep(5), Ep(3)], 3, 6, usePadding: false);
        Assert.Equal(2, noPad.Count);
        // Window of episode 1 starting at 1 covers steps 1, 2, 3; step 3 is zero padding (normalised zeros).
        Assert.Equal((1, 1), ds.Index(4));
        var w = ds.Window(4);
        Assert.Equal(ds.ObservationNormalizer.Normalize([0, 0]), w[7..9]);
    }

    [Fact]
    public void ForkPaddingRules()
    {
        var loco = new SequenceDataset([Ep(3), Ep(1)], 3, 5, rule: PaddingRule.LocomotionFork, normalizer: "gaussian");
        Assert.Single(loco.PathLengths); // length-1 episode skipped
        // The window starting at 1 covers steps 1, 2, 3; step 3 repeats the second-to-last observation (row 1).
        Assert.Equal((0, 1), loco.Index(loco.Count - 1));
        var w = loco.Window(loco.Count - 1);
        Assert.Equal(loco.ObservationNormalizer.Normalize([2, 3]), w[7..9]);

        var maze = new SequenceDataset([Ep(4), Ep(8)], 4, 10, usePadding: false, rule: PaddingRule.MazeFork, goalConditioned: true);
        // max_start: L=4 → max(min(4, 0), 1) = 1; L=8 → min(min(8, 6), 4) = 4; balancing repeats ep 0 four times.
        Assert.Equal(4 + 4, maze.Count);
        var (x, cond) = maze.Batch([0, 4]);
        Assert.Equal([2, 4, 3], x.Shape);
        Assert.Equal([0, 3], cond.Keys.Order());
        Assert.Equal([2, 2], cond[3].Shape);
    }

    [Fact]
    public void BatchesPutActionsFirstAndConditionOnTheFirstObservation()
    {
        var ds = new SequenceDataset([Ep(6)], 3, 6, usePadding: false);
        var (x, cond) = ds.Batch([1], DType.Float64);
        var v = x.ToArrayDouble();
        var a = ds.ActionNormalizer.Normalize([-1]);
        var o = ds.ObservationNormalizer.Normalize([2, 3]);
        Assert.Equal([a[0], o[0], o[1]], v[..3]);
        TensorAssert.Identical(Tensor.FromArray(o, 1, 2), cond[0]);
    }
}
