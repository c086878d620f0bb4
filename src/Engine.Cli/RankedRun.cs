using Engine.Distributed;
using Engine.Experiments.Maze2D;

namespace Engine.Cli;

/// <summary>
/// A command run by every rank of an MPI job (docs/distributed.md): for a sweep, rank r runs shard r+1 of N —
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

    /// <summary>Parses <c>--shard k/n</c>; anything else is the option's one-line error.</summary>
    public static ShardSpec ParseShard(string text)
    {
        try { return ShardSpec.Parse(text); }
        catch (FormatException e) { throw InputException.InvalidValue("--shard", text, e.Message); }
    }

    /// <summary>The refusal of <c>--shard</c> in an MPI job: the ranks take the shards themselves, or share every step.</summary>
    public static InputException ShardUnderMpi(string given, ICommunicator world, bool sharing) =>
        InputException.InvalidValue("--shard", given, sharing
            ? $"with --data-parallel all {world.Size} processes of this MPI job run every run together; give --shard only without it"
            : $"this run was started by an MPI launcher with {world.Size} processes, which take shards 1/{world.Size} … {world.Size}/{world.Size} themselves; give --shard only without mpirun");

    /// <summary>Shard rank + 1 of size.</summary>
    public static ShardSpec ShardOf(ICommunicator world) => new(world.Rank + 1, world.Size);

    /// <summary>
    /// Where a rank of a data-parallel job (<c>--data-parallel</c>) works. Every rank computes the whole run — only the
    /// training steps are shared, through the gradient exchange — so every rank writes the same files: rank 0 into the
    /// run folder itself, every other rank into a private copy of it made before anything runs, so that no two processes
    /// write one file and each resumes from rank 0's checkpoints. The copy is deleted when the rank ends.
    /// </summary>
    public static PrivateCopy DataParallelFolder(ICommunicator world, string runDir) =>
        new(world, runDir, world.Rank == 0 ? runDir : Directory.CreateTempSubdirectory($"engine-rank-{world.Rank}-").FullName);

    /// <summary>A data-parallel rank's folder (see <see cref="DataParallelFolder"/>).</summary>
    internal sealed class PrivateCopy(ICommunicator world, string runDir, string folder) : IDisposable
    {
        /// <summary>The folder this rank runs in.</summary>
        public string Folder => folder;

        /// <summary>
        /// Called by every rank once its folder is locked and cleaned: after a barrier (rank 0 writes nothing until the
        /// second one), each other rank copies rank 0's folder, and only other ranks' consoles go quiet.
        /// </summary>
        public void Copied()
        {
            world.Barrier();
            if (world.Rank != 0)
            {
                foreach (var file in Directory.EnumerateFiles(runDir, "*", SearchOption.AllDirectories))
                {
                    string relative = Path.GetRelativePath(runDir, file);
                    if (relative == Engine.IO.RunFolderLock.FileName) continue;
                    string target = Path.Combine(folder, relative);
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    File.Copy(file, target, overwrite: true);
                }
                // The ranks compute the same run: one console tells it.
                Console.SetOut(TextWriter.Null);
            }
            world.Barrier();
        }

        public void Dispose()
        {
            if (world.Rank != 0 && Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The folder of shard k/n under the sweep's --out folder.</summary>
    public static string ShardFolder(string sweepDir, ShardSpec shard) =>
        Path.Combine(sweepDir, $"shard-{shard.Index}-of-{shard.Count}");
}
