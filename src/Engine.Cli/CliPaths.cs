namespace Engine.Cli;

/// <summary>
/// Checks of the files and folders named on the command line, made before any work starts, so that a typo costs
/// one line (<c>what (option 'path'): why</c>) and not a finished computation that cannot be written.
/// </summary>
internal static class CliPaths
{
    /// <summary>An existing file to read: not a folder, present.</summary>
    public static string InputFile(string option, string path)
    {
        if (Directory.Exists(path)) throw new InputException("not a file", Where(option, path), "is a folder; give a file");
        if (!File.Exists(path)) throw new InputException("file not found", Where(option, path), "does not exist");
        return path;
    }

    /// <summary>A file to write (replaced atomically later): not a folder; its folder exists and is writable.</summary>
    public static string OutputFile(string option, string path)
    {
        if (Directory.Exists(path)) throw new InputException("cannot write the output", Where(option, path), "is a folder; give a file name");
        string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (File.Exists(folder)) throw new InputException("cannot write the output", Where(option, path), $"'{folder}' is a file, not a folder");
        if (!Directory.Exists(folder)) throw new InputException("cannot write the output", Where(option, path), $"folder '{folder}' does not exist");
        ProbeWritable(option, path, folder);
        return path;
    }

    /// <summary>A folder to write into: not a file; created when missing; writable.</summary>
    public static string OutputFolder(string option, string path)
    {
        if (File.Exists(path)) throw new InputException("cannot write the output", Where(option, path), "is a file, not a folder");
        try
        {
            Directory.CreateDirectory(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException("cannot create the output folder", Where(option, path), Reason(e));
        }
        ProbeWritable(option, path, path);
        return path;
    }

    /// <summary>Creates and deletes a uniquely named empty file in <paramref name="folder"/>.</summary>
    private static void ProbeWritable(string option, string path, string folder)
    {
        string probe = Path.Combine(folder, $".engine-probe-{Guid.NewGuid():N}");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose)) { }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException("cannot write the output", Where(option, path), $"folder '{folder}' is not writable ({Reason(e)})");
        }
    }

    private static string Where(string option, string path) => $"{option} '{path}'";

    private static string Reason(Exception e) => e is UnauthorizedAccessException ? "permission denied" : e.Message.TrimEnd('.');
}
