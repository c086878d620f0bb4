using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Engine.IO;

/// <summary>
/// Removes what killed writers leave behind: temporary files (<c>.name.tmp-p{pid}-…</c>) and spool folders
/// (<c>.name.spool-p{pid}-…</c>) whose process is no longer running. A live writer's files are kept, so this is safe
/// to run at the start of every command, even beside another run.
/// </summary>
public static partial class StaleTemporaries
{
    // .name.tmp-p{pid}-{guid}, .name.spool-p{pid}-{guid}; without "p{pid}-", and .name.{guid}.tmp, as older builds named them
    [GeneratedRegex(@"^\..+\.((tmp|spool)-(p(?<pid>\d+)-)?[0-9a-f]{32}|[0-9a-f]{32}\.tmp)$")]
    private static partial Regex Pattern();

    /// <summary>Deletes stale temporaries in <paramref name="folder"/> (and its subfolders when <paramref name="recursive"/>); returns how many.</summary>
    public static int Clean(string folder, bool recursive = false)
    {
        if (!Directory.Exists(folder)) return 0;
        int removed = 0;
        var option = recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly;
        foreach (var entry in Directory.EnumerateFileSystemEntries(folder, ".*", option).ToList())
        {
            var m = Pattern().Match(Path.GetFileName(entry));
            if (!m.Success || IsAlive(m.Groups["pid"].Value)) continue;
            try
            {
                if (Directory.Exists(entry)) Directory.Delete(entry, recursive: true);
                else File.Delete(entry);
                removed++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // left for the next run
            }
        }
        return removed;
    }

    /// <summary>Whether the writer is still running; names without a process id (older builds) count as dead.</summary>
    private static bool IsAlive(string pid)
    {
        if (!int.TryParse(pid, out int id)) return false;
        if (id == Environment.ProcessId) return true;
        try
        {
            using var p = Process.GetProcessById(id);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
