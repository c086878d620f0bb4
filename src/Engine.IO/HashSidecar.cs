using System.Text;
using System.Text.RegularExpressions;

namespace Engine.IO;

/// <summary>
/// The content hash written beside a data file: <c>&lt;file&gt;.sha256</c>, one line <c>&lt;64 hex digits&gt;  &lt;file name&gt;</c>,
/// the format of <c>sha256sum</c>, so <c>sha256sum -c name.hdf5.sha256</c> in the file's folder checks it too.
/// A data file is checked against its sidecar whenever a run stage loads it; a file whose bytes changed after it was
/// written (a flipped bit, a file swapped under the same name) is refused with one line naming it.
/// </summary>
public static partial class HashSidecar
{
    /// <summary>The sidecar's suffix, appended to the data file's full name.</summary>
    public const string Extension = ".sha256";

    private const int MaxSidecarBytes = 4096;

    [GeneratedRegex(@"^(?<hash>[0-9a-fA-F]{64}) [ *](?<name>.+)$")]
    private static partial Regex Line();

    /// <summary>The sidecar of <paramref name="dataPath"/>: the same path with <see cref="Extension"/> appended.</summary>
    public static string PathOf(string dataPath) => dataPath + Extension;

    /// <summary>
    /// Removes the sidecar of a data file about to be replaced, so that a crash between the data file's rename and
    /// <see cref="Write"/> leaves a data file without a sidecar (adopted later), never one with the old file's hash.
    /// </summary>
    public static void Invalidate(string dataPath)
    {
        string sidecar = PathOf(dataPath);
        if (!File.Exists(sidecar)) return;
        File.Delete(sidecar);
        DurableFile.SyncFolder(Path.GetDirectoryName(Path.GetFullPath(sidecar))!);
    }

    /// <summary>Hashes the finished data file and writes its sidecar atomically and durably; returns the hash.</summary>
    public static string Write(string dataPath)
    {
        string hash = ContentHash.Sha256(dataPath);
        DurableFile.WriteAllText(PathOf(dataPath), $"{hash}  {Path.GetFileName(dataPath)}\n");
        return hash;
    }

    /// <summary>The hash the sidecar records, lower-case; null when the data file has no sidecar.</summary>
    /// <exception cref="InputException">The sidecar is not one <c>sha256sum</c> line.</exception>
    public static string? Read(string dataPath)
    {
        string sidecar = PathOf(dataPath);
        if (!File.Exists(sidecar)) return null;
        using var stream = new FileStream(sidecar, FileMode.Open, FileAccess.Read, FileShare.Read);
        if (stream.Length > MaxSidecarBytes)
            throw new InputException("damaged hash sidecar", InputException.Location(sidecar), $"{stream.Length} bytes, not one sha256sum line; delete it and the data file to regenerate them");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        string text;
        try { text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes); }
        catch (DecoderFallbackException) { text = ""; }
        var m = Line().Match(text.TrimEnd('\r', '\n'));
        if (!m.Success)
            throw new InputException("damaged hash sidecar", InputException.Location(sidecar), "expected one line '<64 hex digits>  <file name>'; delete it and the data file to regenerate them");
        return m.Groups["hash"].Value.ToLowerInvariant();
    }

    /// <summary>
    /// Checks a data file against its sidecar and returns the file's hash. A file without a sidecar (written before
    /// sidecars existed, or by a writer killed between the two renames) passes: there is nothing to compare.
    /// </summary>
    /// <exception cref="InputException">The file's content differs from what its sidecar records; the message names the file.</exception>
    public static string Verify(string dataPath)
    {
        string actual = ContentHash.Sha256(dataPath);
        string? recorded = Read(dataPath);
        if (recorded is not null && recorded != actual)
            throw new InputException("data file changed", InputException.Location(dataPath), $"its SHA-256 is {ContentHash.Short(actual)}, its sidecar '{Path.GetFileName(PathOf(dataPath))}' records {ContentHash.Short(recorded)}; the file was damaged or replaced after it was written; restore it, or delete it and its sidecar to regenerate it");
        return actual;
    }

    /// <summary>Whether the data file's content matches its sidecar (false when it has none or the sidecar is damaged).</summary>
    public static bool Matches(string dataPath)
    {
        try { return Read(dataPath) is { } recorded && recorded == ContentHash.Sha256(dataPath); }
        catch (InputException) { return false; }
    }
}
