namespace Engine.IO;

/// <summary>
/// An exclusive OS lock (flock on Linux) on one named lock file, for a piece of work that several processes sharing
/// one output folder may reach — a training stage that every shard of a sweep needs, one rollout condition, a report.
/// Unlike <see cref="RunFolderLock"/>, which guards a whole folder, it guards one piece, so processes can work side
/// by side in one folder. A process that dies releases the lock with it; the file stays and is taken over.
/// </summary>
public sealed class StageLock : IDisposable
{
    private readonly FileStream _stream;

    private StageLock(FileStream stream) => _stream = stream;

    /// <summary>Takes the lock at <paramref name="path"/> (its folder is made), or null when another process holds it.</summary>
    public static StageLock? TryAcquire(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
        {
            return null;
        }
        stream.SetLength(0);
        stream.Write(System.Text.Encoding.UTF8.GetBytes($"pid {Environment.ProcessId} since {DateTime.UtcNow:O}\n"));
        stream.Flush();
        return new StageLock(stream);
    }

    /// <summary>
    /// Takes the lock at <paramref name="path"/>, waiting for as long as another process holds it (polling every
    /// <paramref name="poll"/>, default 200 ms); <paramref name="waiting"/> is called once if it has to wait.
    /// </summary>
    public static StageLock Wait(string path, Action? waiting = null, TimeSpan? poll = null, CancellationToken cancel = default)
    {
        bool told = false;
        while (true)
        {
            if (TryAcquire(path) is { } taken) return taken;
            if (!told) waiting?.Invoke();
            told = true;
            cancel.WaitHandle.WaitOne(poll ?? TimeSpan.FromMilliseconds(200));
            cancel.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Releases the lock (the file stays).</summary>
    public void Dispose() => _stream.Dispose();
}
