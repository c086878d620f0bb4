using System.Security.Cryptography;
using Engine.Envs.Datasets;
using Engine.Envs.Maze2D;
using Engine.IO;

namespace Engine.Envs.Tests.Datasets;

/// <summary>Every generated data file gets a <c>.sha256</c> sidecar with the hash of its bytes (issue 22).</summary>
public class DataSidecarTests
{
    private static void AssertSidecarMatches(string path)
    {
        string expected = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
        Assert.Equal($"{expected}  {Path.GetFileName(path)}\n", File.ReadAllText(path + ".sha256"));
    }

    [Fact]
    public void The_stream_writer_writes_the_sidecar_and_replaces_it_with_the_file()
    {
        using var dir = new TempDirectory();
        string path = dir.File("x.hdf5");
        foreach (float value in new[] { 1f, 2f })
        {
            using var writer = new D4rlStreamWriter(path, 3, 1);
            writer.Append([value, 2f, 3f], [0.5f], 0f, false, true);
            writer.Complete();
            AssertSidecarMatches(path);
        }
        Assert.Equal(ContentHash.Sha256(path), HashSidecar.Verify(path));
    }

    [Fact]
    public void Maze_datasets_get_their_sidecar()
    {
        using var dir = new TempDirectory();
        string path = dir.File("maze.hdf5");
        Maze2DDatasetGenerator.Generate(new Maze2DDatasetSpec(Maze2DTask.UMazeV0, DatasetKind.General, 500, Seed: 3), path);
        AssertSidecarMatches(path);
    }

    [Fact]
    public void A_writer_that_never_completes_leaves_the_old_file_and_its_sidecar()
    {
        using var dir = new TempDirectory();
        string path = dir.File("x.hdf5");
        using (var writer = new D4rlStreamWriter(path, 3, 1))
        {
            writer.Append([1f, 2f, 3f], [0.5f], 0f, false, true);
            writer.Complete();
        }
        using (var abandoned = new D4rlStreamWriter(path, 3, 1))
            abandoned.Append([9f, 9f, 9f], [0.5f], 0f, false, true);
        AssertSidecarMatches(path);
    }
}
