using Engine.Distributed;
using Engine.Experiments.Maze2D;

namespace Engine.Cli.Maze2D;

/// <summary>
/// A sweep command run by every rank of an MPI job (docs/distributed.md): rank r runs shard r+1 of N of the sweep —
/// the same split as <c>--shard k/n</c> by hand — in its own shard folder, and rank 0 merges the shards.
/// </summary>
internal static class RankedRun
{
    /// <summary>
    /// Runs <paramref name="rank"/> (which prints its own errors and returns an exit code) in this process's world. Not
    /// launched by MPI, that is one process and nothing changes.
    /// </summary>
    public static int Run(Func<ICommunicator, int> rank)
    {
        ICommunicator? world = null;
        int code = CliErrors.Run(() =>
        {
            world = Communicator.World();
            return 0;
        });
        if (world is null)
            return code;
        code = rank(world);
        // A failed rank ends the job: MPI_Finalize would wait for ranks that wait in the barrier for this one.
        if (code != 0 && world.Size > 1)
            world.Abort(code);
        world.Dispose();
        return code;
    }

    /// <summary>Shard rank + 1 of size.</summary>
    public static ShardSpec ShardOf(ICommunicator world) => new(world.Rank + 1, world.Size);

    /// <summary>The folder of shard k/n under the sweep's --out folder.</summary>
    public static string ShardFolder(string sweepDir, ShardSpec shard) =>
        Path.Combine(sweepDir, $"shard-{shard.Index}-of-{shard.Count}");
}
