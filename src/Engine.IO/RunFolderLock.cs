namespace Engine.IO;

/// <summary>
/// The lock of a run folder: <c>.engine.lock</c>, held open with an exclusive OS lock (flock on Linux) for as long as
/// the run lives. A second run into the same folder is refused while the first lives; a process that dies releases the
/// OS lock with it, so its stale lock file is simply taken over.
/// </summary>
public sealed class RunFolderLock : IDisposable
{
    /// <summary>The lock file's name inside a run folder.</summary>
    public const string FileName = ".engine.lock";

    private readonly FileStream _stream;

    private RunFolderLock(FileStream stream) => _stream = stream;

    /// <summary>Takes the lock of <paramref name="folder"/> (which must exist). Throws <see cref="InputException"/> naming the folder when another process holds it.</summary>
    public static RunFolderLock Acquire(string folder)
    {
        string path = Path.Combine(folder, FileName);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new InputException("run folder in use", InputException.Location(folder), $"another engine process is writing there (lock '{path}'); wait for it to finish or choose another folder", e);
        }
        stream.SetLength(0);
        var text = System.Text.Encoding.UTF8.GetBytes($"pid {Environment.ProcessId} since {DateTime.UtcNow:O}\n");
        stream.Write(text);
        stream.Flush();
        return new RunFolderLock(stream);
    }

    /// <summary>Releases the lock (the file stays; the next run takes it over).</summary>
    public void Dispose() => _stream.Dispose();
}
