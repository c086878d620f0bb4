using System.Globalization;

namespace Engine.Cli;

/// <summary>
/// Where an internal error's stack trace goes: a log file in the run folder (the command's output folder,
/// set by the command once it knows it), else in the system's temporary folder. The terminal gets one line.
/// </summary>
internal static class CrashLog
{
    /// <summary>The run folder of the current command, or null before one is known.</summary>
    public static string? Folder { get; set; }

    /// <summary>Writes <paramref name="e"/> with its stack trace and the command line; returns the log's path.</summary>
    public static string Write(Exception e)
    {
        string name = $"engine-crash-{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}-{Environment.ProcessId}.log";
        string text = $"engine {string.Join(' ', Environment.GetCommandLineArgs().Skip(1))}\n{DateTime.UtcNow:O}\n\n{e}\n";
        foreach (var folder in new[] { Folder, Path.GetTempPath() })
        {
            if (folder is null) continue;
            try
            {
                Directory.CreateDirectory(folder);
                string path = Path.Combine(Path.GetFullPath(folder), name);
                File.WriteAllText(path, text);
                return path;
            }
            catch (Exception io) when (io is IOException or UnauthorizedAccessException)
            {
                // try the next place
            }
        }
        return "(no writable folder for the log)";
    }
}
