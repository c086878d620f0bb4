namespace Engine.Distributed.Tests;

/// <summary>Finding the MPI launchers, and whether their absence fails or skips the tests.</summary>
internal static class PathLookup
{
    public const string OpenMpi = "mpirun.openmpi";
    public const string Mpich = "mpirun.mpich";

    /// <summary>The full path of <paramref name="program"/> on PATH, or null.</summary>
    public static string? Find(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);

    public static string Package(string launcher) => launcher == OpenMpi ? "openmpi-bin" : "mpich";

    /// <summary>CI (CI=true or MPI_REQUIRED=1) must run the MPI tests: a missing launcher fails them there.</summary>
    public static bool Required =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
        || Environment.GetEnvironmentVariable("MPI_REQUIRED") == "1";
}

/// <summary>
/// A theory that launches <c>mpirun</c>: skipped with an install hint when the launcher is not on PATH, unless CI
/// requires MPI (then it runs and fails). xunit 2 has no dynamic skip, so this is decided when the attribute is made.
/// </summary>
public sealed class MpiTheoryAttribute : TheoryAttribute
{
    public MpiTheoryAttribute(string launcher)
    {
        if (PathLookup.Find(launcher) is null && !PathLookup.Required)
            Skip = $"MPI tests skipped: {launcher} is not on PATH (apt-get install {PathLookup.Package(launcher)}; "
                + "set MPI_REQUIRED=1 to make this a failure)";
    }
}
