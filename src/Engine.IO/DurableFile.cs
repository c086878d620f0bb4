using System.Runtime.InteropServices;

namespace Engine.IO;

/// <summary>
/// Atomic, durable file replacement, the one way engine writes a result file: the bytes go to a uniquely named
/// temporary file in the target's folder (<see cref="TemporaryPath"/>), which is flushed to the disk (fsync), renamed
/// over the target, and then the folder itself is flushed so the rename survives a power cut. A crash at any
/// point leaves either the old file or the new one, plus at most a temporary that <see cref="StaleTemporaries"/> removes.
/// </summary>
public static partial class DurableFile
{
    /// <summary>
    /// A fresh temporary path next to <paramref name="path"/>: <c>.name.tmp-p{pid}-{guid}</c>. The process id lets a later
    /// run tell a dead writer's leftovers from a live writer's file; the GUID keeps concurrent writers apart.
    /// </summary>
    public static string TemporaryPath(string path, string kind = "tmp")
    {
        string full = Path.GetFullPath(path);
        return Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{kind}-p{Environment.ProcessId}-{Guid.NewGuid():N}");
    }

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> atomically and durably. The folder must exist.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        string temporary = TemporaryPath(path);
        try
        {
            using (var fs = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                fs.Write(bytes);
                fs.Flush(flushToDisk: true);
            }
            Replace(temporary, path);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    /// <summary>UTF-8 text, as <see cref="WriteAllBytes"/>.</summary>
    public static void WriteAllText(string path, string text) => WriteAllBytes(path, System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>
    /// Moves a finished temporary file over <paramref name="path"/>: fsync of the file, rename, fsync of the folder.
    /// The temporary must be in the same folder (a rename within one file system is atomic).
    /// </summary>
    public static void Replace(string temporary, string path)
    {
        using (var fs = new FileStream(temporary, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
            fs.Flush(flushToDisk: true);
        File.Move(temporary, path, overwrite: true);
        SyncFolder(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>fsync of a folder, so that a rename in it is on the disk (POSIX; Windows commits renames with the file system's journal).</summary>
    public static void SyncFolder(string folder)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return;
        int fd = Open(folder, 0 /* O_RDONLY */);
        if (fd < 0) return; // a folder we cannot open for reading: the rename stands, only its durability is unconfirmed
        try { _ = Fsync(fd); }
        finally { _ = Close(fd); }
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync")]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
