using Engine.Envs.Datasets;

namespace Engine.Envs.Tests.Datasets;

public class D4rlHdf5Tests
{
    private static D4rlDataset RandomDataset(int n, int obsDim, int actDim, ulong seed)
    {
        var rng = new Rng(seed);
        float F() => (float)rng.Normal();
        var obs = Enumerable.Range(0, n * obsDim).Select(_ => F()).ToArray();
        var act = Enumerable.Range(0, n * actDim).Select(_ => F()).ToArray();
        var rew = Enumerable.Range(0, n).Select(_ => F()).ToArray();
        var term = Enumerable.Range(0, n).Select(_ => rng.NextInt(7) == 0).ToArray();
        var tout = Enumerable.Range(0, n).Select(_ => rng.NextInt(11) == 0).ToArray();
        var goal = Enumerable.Range(0, n * 2).Select(_ => rng.Normal()).ToArray();
        var qpos = Enumerable.Range(0, n * 2).Select(_ => (double)F()).ToArray();
        var logp = Enumerable.Range(0, n).Select(_ => rng.Normal()).ToArray();
        return new D4rlDataset(obsDim, actDim, obs, act, rew, term, tout,
        [
            new InfoColumn(new InfoSpec("goal", 2), goal),
            new InfoColumn(new InfoSpec("qpos", 2, StoredPrecision.Single), qpos),
            new InfoColumn(new InfoSpec("logp", 1, StoredPrecision.Double, Scalar: true), logp),
        ]);
    }

    private static void AssertBitEqual(D4rlDataset a, D4rlDataset b)
    {
        Assert.Equal(a.Count, b.Count);
        Assert.Equal(a.ObservationDim, b.ObservationDim);
        Assert.Equal(a.ActionDim, b.ActionDim);
        Assert.Equal(a.Observations.Select(BitConverter.SingleToInt32Bits), b.Observations.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(a.Actions.Select(BitConverter.SingleToInt32Bits), b.Actions.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(a.Rewards.Select(BitConverter.SingleToInt32Bits), b.Rewards.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(a.Terminals, b.Terminals);
        Assert.Equal(a.Timeouts, b.Timeouts);
        Assert.Equal(a.Infos.Count, b.Infos.Count);
        foreach (var column in a.Infos)
        {
            var other = b.Info(column.Spec.Name);
            Assert.NotNull(other);
            Assert.Equal(column.Spec, other.Spec);
            Assert.Equal(column.Values.Select(BitConverter.DoubleToInt64Bits), other.Values.Select(BitConverter.DoubleToInt64Bits));
        }
    }

    [Theory]
    [InlineData(1, 4, 2)]
    [InlineData(137, 4, 2)]
    [InlineData(70_001, 17, 6)] // crosses the writer's 65 536-row block boundary
    public void RoundTripIsBitExact(int n, int obsDim, int actDim)
    {
        using var dir = new TempDirectory();
        var original = RandomDataset(n, obsDim, actDim, (ulong)n);
        string path = dir.File("data.hdf5");
        D4rlHdf5.Write(original, path);
        AssertBitEqual(original, D4rlHdf5.Read(path));
        // Nothing but the output and its hash sidecar remains: spool and temporary files are gone.
        Assert.Equal(["data.hdf5", "data.hdf5.sha256"], Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void StreamingWriterMatchesWholeDatasetWrite()
    {
        using var dir = new TempDirectory();
        var original = RandomDataset(500, 4, 2, 9);
        var specs = original.Infos.Select(c => c.Spec).ToList();
        using (var writer = new D4rlStreamWriter(dir.File("s.hdf5"), 4, 2, specs))
        {
            var row = new double[5];
            for (int t = 0; t < original.Count; t++)
            {
                original.Info("goal")!.Values.AsSpan(2 * t, 2).CopyTo(row);
                original.Info("qpos")!.Values.AsSpan(2 * t, 2).CopyTo(row.AsSpan(2));
                row[4] = original.Info("logp")!.Values[t];
                writer.Append(original.Observation(t), original.Action(t), original.Rewards[t], original.Terminals[t], original.Timeouts[t], row);
            }
            Assert.False(File.Exists(dir.File("s.hdf5"))); // nothing at the output path before completion
            writer.Complete();
        }
        AssertBitEqual(original, D4rlHdf5.Read(dir.File("s.hdf5")));
    }

    [Fact]
    public void AbandonedWriterLeavesNoFiles()
    {
        using var dir = new TempDirectory();
        using (var writer = new D4rlStreamWriter(dir.File("x.hdf5"), 3, 1))
            writer.Append([1f, 2f, 3f], [0.5f], 0f, false, false);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void MissingFileIsFileNotFound()
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<FileNotFoundException>(() => D4rlHdf5.Read(dir.File("absent.hdf5")));
        Assert.Contains("absent.hdf5", e.Message);
    }

    [Fact]
    public void NonHdf5FileIsInvalidData()
    {
        using var dir = new TempDirectory();
        string path = dir.File("junk.hdf5");
        File.WriteAllText(path, "this is not an HDF5 file at all, just text");
        var e = Assert.Throws<Engine.IO.InputException>(() => D4rlHdf5.Read(path));
        Assert.Contains("junk.hdf5", e.Message);
    }

    [Theory]
    [InlineData(0.9)]
    [InlineData(0.5)]
    [InlineData(0.1)]
    public void TruncatedFileIsInvalidData(double keep)
    {
        using var dir = new TempDirectory();
        string path = dir.File("t.hdf5");
        D4rlHdf5.Write(RandomDataset(3000, 4, 2, 1), path);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(int)(bytes.Length * keep)]);
        var e = Assert.Throws<Engine.IO.InputException>(() => D4rlHdf5.Read(path));
        Assert.Contains("t.hdf5", e.Message);
    }

    [Fact]
    public void MissingFieldIsNamed()
    {
        using var dir = new TempDirectory();
        string path = dir.File("m.hdf5");
        var file = new PureHDF.H5File { ["observations"] = new float[6, 2], ["actions"] = new float[6, 2] };
        file.Write(path);
        var e = Assert.Throws<Engine.IO.InputException>(() => D4rlHdf5.Read(path));
        Assert.Equal(("invalid D4RL dataset", $"'{path}' /rewards"), (e.What, e.Where));
    }

    [Fact]
    public void MismatchedLengthsNameBothShapes()
    {
        using var dir = new TempDirectory();
        string path = dir.File("m.hdf5");
        var file = new PureHDF.H5File
        {
            ["observations"] = new float[6, 4],
            ["actions"] = new float[5, 2],
            ["rewards"] = new float[6],
            ["terminals"] = new bool[6],
        };
        file.Write(path);
        var e = Assert.Throws<Engine.IO.InputException>(() => D4rlHdf5.Read(path));
        Assert.Equal($"'{path}' /actions", e.Where);
        Assert.Contains("[5, 2]", e.Why);
    }

    [Fact]
    public void WrongRankIsInvalidData()
    {
        using var dir = new TempDirectory();
        string path = dir.File("r.hdf5");
        var file = new PureHDF.H5File { ["observations"] = new float[6] };
        file.Write(path);
        var e = Assert.Throws<Engine.IO.InputException>(() => D4rlHdf5.Read(path));
        Assert.Contains("expected [N, d]", e.Message);
    }

    [Fact]
    public void MissingTimeoutsReadAsFalseAndEpisodesSplitOnTerminals()
    {
        using var dir = new TempDirectory();
        string path = dir.File("nt.hdf5");
        var file = new PureHDF.H5File
        {
            ["observations"] = new float[5, 4],
            ["actions"] = new float[5, 2],
            ["rewards"] = new float[5],
            ["terminals"] = new[] { false, true, false, false, true },
        };
        file.Write(path);
        var data = D4rlHdf5.Read(path);
        Assert.All(data.Timeouts, Assert.False);
        Assert.Equal([(0, 2), (2, 5)], data.Episodes());
    }
}
