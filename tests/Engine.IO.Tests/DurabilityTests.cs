namespace Engine.IO.Tests;

/// <summary>Atomic durable writes, cleanup of killed writers' leftovers, and the run-folder lock (issue 22).</summary>
public sealed class DurabilityTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"engine-io-{Guid.NewGuid():N}");

    public DurabilityTests() => Directory.CreateDirectory(_dir);
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_durable_write_replaces_the_file_and_leaves_no_temporary()
    {
        string path = Path.Combine(_dir, "a.json");
        DurableFile.WriteAllText(path, "old");
        DurableFile.WriteAllText(path, "new");
        Assert.Equal("new", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFileSystemEntries(_dir));
    }

    [Fact]
    public void Temporary_names_are_unique_and_carry_the_process_id()
    {
        string a = DurableFile.TemporaryPath(Path.Combine(_dir, "x.bin")), b = DurableFile.TemporaryPath(Path.Combine(_dir, "x.bin"));
        Assert.NotEqual(a, b);
        Assert.Contains($"-p{Environment.ProcessId}-", a);
        Assert.Equal(_dir, Path.GetDirectoryName(a));
    }

    [Fact]
    public void Leftovers_of_dead_writers_are_removed_and_live_ones_kept()
    {
        const int dead = int.MaxValue; // no process has this id
        string guid = Guid.NewGuid().ToString("N");
        string deadTmp = Path.Combine(_dir, $".d.hdf5.tmp-p{dead}-{guid}");
        string deadSpool = Path.Combine(_dir, "sub", $".d.hdf5.spool-p{dead}-{guid}");
        string oldFormat = Path.Combine(_dir, $".m.safetensors.{guid}.tmp");
        string live = DurableFile.TemporaryPath(Path.Combine(_dir, "live.bin"));
        string unrelated = Path.Combine(_dir, ".hidden-notes");
        File.WriteAllText(deadTmp, "");
        Directory.CreateDirectory(deadSpool);
        File.WriteAllText(Path.Combine(deadSpool, "observations.bin"), "");
        File.WriteAllText(oldFormat, "");
        File.WriteAllText(live, "");
        File.WriteAllText(unrelated, "");

        Assert.Equal(2, StaleTemporaries.Clean(_dir)); // top folder only
        Assert.False(File.Exists(deadTmp));
        Assert.False(File.Exists(oldFormat));
        Assert.True(Directory.Exists(deadSpool));
        Assert.Equal(1, StaleTemporaries.Clean(_dir, recursive: true));
        Assert.False(Directory.Exists(deadSpool));
        Assert.True(File.Exists(live));
        Assert.True(File.Exists(unrelated));
    }

    [Fact]
    public void A_second_run_into_a_locked_folder_is_refused_until_the_first_ends()
    {
        using (RunFolderLock.Acquire(_dir))
        {
            var e = Assert.Throws<InputException>(() => RunFolderLock.Acquire(_dir));
            Assert.Contains(_dir, e.Message);
            Assert.Contains("in use", e.Message);
        }
        using (RunFolderLock.Acquire(_dir)) { } // released with its holder
    }

    [Fact]
    public void A_stale_lock_file_without_a_holder_is_taken_over()
    {
        File.WriteAllText(Path.Combine(_dir, RunFolderLock.FileName), "pid 999999 since long ago\n");
        using var taken = RunFolderLock.Acquire(_dir);
        Assert.NotNull(taken);
    }

    [Fact]
    public async Task A_stage_lock_is_refused_or_waited_for_while_held_and_taken_once_released()
    {
        string path = Path.Combine(_dir, "models", ".base.lock"); // its folder is made
        var held = StageLock.TryAcquire(path);
        Assert.NotNull(held);
        Assert.Null(StageLock.TryAcquire(path));
        int waited = 0;
        var waiter = Task.Run(() =>
        {
            using var taken = StageLock.Wait(path, () => Interlocked.Increment(ref waited), TimeSpan.FromMilliseconds(10));
            return Volatile.Read(ref waited);
        });
        await Task.Delay(300);
        Assert.False(waiter.IsCompleted); // still waiting while the lock is held
        held.Dispose();
        Assert.Equal(1, await waiter.WaitAsync(TimeSpan.FromSeconds(10))); // told once that it waits, however long
        using var again = StageLock.TryAcquire(path);
        Assert.NotNull(again);
    }
}
