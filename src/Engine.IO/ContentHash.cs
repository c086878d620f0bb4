using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Engine.IO;

/// <summary>
/// The SHA-256 of a file's content, read in one streaming pass and remembered for the rest of the process under the
/// file's full path, length and modification time: a stage that asks again for an unchanged file pays nothing.
/// <para>
/// A file modified within <see cref="RacyWindow"/> of the moment it is hashed is not remembered: a change made in the
/// same tick of the file system's clock would leave its length and time as they were (git's "racily clean" entries).
/// Such a file is simply hashed again on the next request.
/// </para>
/// </summary>
public static class ContentHash
{
    /// <summary>How old a file's modification time must be, when hashing starts, for the hash to be remembered.</summary>
    public static readonly TimeSpan RacyWindow = TimeSpan.FromSeconds(1);

    private sealed record Entry(long Length, DateTime Modified, string Sha256);

    private static readonly ConcurrentDictionary<string, Entry> Remembered = new(StringComparer.Ordinal);

    /// <summary>The SHA-256 of <paramref name="path"/>'s bytes as 64 lower-case hexadecimal digits (the form <c>sha256sum</c> prints).</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static string Sha256(string path)
    {
        string full = Path.GetFullPath(path);
        var info = new FileInfo(full);
        if (!info.Exists) throw new FileNotFoundException($"cannot hash '{path}': the file does not exist", path);
        long length = info.Length;
        DateTime modified = info.LastWriteTimeUtc;
        if (Remembered.TryGetValue(full, out var known) && known.Length == length && known.Modified == modified) return known.Sha256;

        DateTime started = DateTime.UtcNow;
        string hash;
        using (var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan))
            hash = Convert.ToHexStringLower(SHA256.HashData(stream));
        info.Refresh();
        bool steady = info.Length == length && info.LastWriteTimeUtc == modified && started - modified > RacyWindow;
        if (steady) Remembered[full] = new Entry(length, modified, hash);
        else Remembered.TryRemove(full, out _);
        return hash;
    }

    /// <summary>The first <paramref name="digits"/> hexadecimal digits of a hash and an ellipsis, for messages.</summary>
    public static string Short(string sha256, int digits = 12) => sha256.Length <= digits ? sha256 : sha256[..digits] + "…";
}
