using Engine.Envs.Datasets;

namespace Engine.Envs.Tests.Datasets;

/// <summary>
/// Fixtures/d4rl_maze2d_like.hdf5 was written by h5py 3.7 exactly as D4RL writes maze2d files (numpy bool
/// flags become an HDF5 enum, infos/qvel is float64, chunked and gzip-compressed). Its values follow formulas,
/// restated here: observations[t, k] = t + k/8, actions[t, k] = sin(t + k), rewards[t] = (t mod 3 == 0),
/// terminals[t] = (t mod 10 == 9), timeouts only on the last row, goal = (1, 1), qpos = obs[:, :2], qvel = obs[:, 2:].
/// </summary>
public class H5pyFixtureTests
{
    private static string FixturePath => Path.Combine(AppContext.BaseDirectory, "Fixtures", "d4rl_maze2d_like.hdf5");

    [Fact]
    public void ReadsH5pyWrittenD4rlLayout()
    {
        var data = D4rlHdf5.Read(FixturePath);
        Assert.Equal(50, data.Count);
        Assert.Equal(4, data.ObservationDim);
        Assert.Equal(2, data.ActionDim);
        for (int t = 0; t < 50; t++)
        {
            for (int k = 0; k < 4; k++) Assert.Equal((float)(t + k / 8.0), data.Observations[4 * t + k]);
            for (int k = 0; k < 2; k++) Assert.Equal((float)Math.Sin(t + k), data.Actions[2 * t + k], 6);
            Assert.Equal(t % 3 == 0 ? 1f : 0f, data.Rewards[t]);
            Assert.Equal(t % 10 == 9, data.Terminals[t]);
            Assert.Equal(t == 49, data.Timeouts[t]);
            Assert.Equal([1.0, 1.0], data.Info("goal")!.Values[(2 * t)..(2 * t + 2)]);
            Assert.Equal(data.Observations[4 * t], data.Info("qpos")!.Values[2 * t]);
            Assert.Equal(data.Observations[4 * t + 3], data.Info("qvel")!.Values[2 * t + 1]);
        }
        Assert.Equal(StoredPrecision.Single, data.Info("goal")!.Spec.Precision);
        Assert.Equal(StoredPrecision.Double, data.Info("qvel")!.Spec.Precision);
        Assert.Equal(5, data.Episodes().Count);
    }
}
