using System.Diagnostics;
using System.Globalization;

namespace Engine.Distributed.Tests;

/// <summary>
/// Launching a .NET program as an MPI job (or alone) from a test, and whether a missing launcher fails or skips the
/// test. Shared by Engine.Distributed.Tests and Engine.Cli.Tests (linked there).
/// </summary>
internal static class MpiJob
{
    public const string OpenMpi = "mpirun.openmpi";
    public const string Mpich = "mpirun.mpich";
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(4);

    /// <summary>The exit code <see cref="RunUntil"/> reports for a job it killed.</summary>
    public const int Killed = -9;

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

    /// <summary>
    /// <c>launcher [flags] -np N dotnet assembly args…</c>, or <c>dotnet assembly args…</c> when
    /// <paramref name="launcher"/> is null; returns the exit code and stdout + stderr.
    /// </summary>
    public static (int ExitCode, string Output) Run(string? launcher, int ranks, string assembly, params string[] args) =>
        RunUntil(launcher, ranks, assembly, killWhen: null, args);

    /// <summary>
    /// As <see cref="Run"/>, but the whole job (launcher and ranks) is killed as soon as <paramref name="killWhen"/> holds
    /// (polled every 20 ms); then the exit code is <see cref="Killed"/>.
    /// </summary>
    public static (int ExitCode, string Output) RunUntil(string? launcher, int ranks, string assembly, Func<bool>? killWhen, params string[] args)
    {
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var start = new ProcessStartInfo
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (launcher is not null)
        {
            start.FileName = Find(launcher)
                ?? throw new InvalidOperationException($"{launcher} is not on PATH but MPI tests are required here (CI=true or MPI_REQUIRED=1): apt-get install {Package(launcher)}");
            // OpenMPI refuses more ranks than cores without --oversubscribe; MPICH needs no flag and rejects that one.
            if (launcher == OpenMpi) start.ArgumentList.Add("--oversubscribe");
            start.ArgumentList.Add("-np");
            start.ArgumentList.Add(ranks.ToString(CultureInfo.InvariantCulture));
            start.ArgumentList.Add(dotnet);
        }
        else
        {
            start.FileName = dotnet;
        }
        start.ArgumentList.Add(assembly);
        foreach (var a in args) start.ArgumentList.Add(a);
        // OpenMPI gives ranks a pty, and the console then writes terminal escapes into the output; OpenMPI also refuses
        // to run as root (CI containers) without consent. The test host's own library override must not leak in.
        start.Environment["TERM"] = "dumb";
        start.Environment["OMPI_ALLOW_RUN_AS_ROOT"] = "1";
        start.Environment["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1";
        start.Environment.Remove("ENGINE_MPI_LIBRARY");
        // Containers (CI) often forbid the cross-process memory access of OpenMPI's single-copy transfers; copying
        // through shared memory instead changes no result.
        start.Environment["OMPI_MCA_btl_vader_single_copy_mechanism"] = "none";

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var clock = Stopwatch.StartNew();
        while (!process.WaitForExit(killWhen is null ? Limit : TimeSpan.FromMilliseconds(20)))
        {
            if (killWhen?.Invoke() == true)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                return (Killed, $"killed\n{stdout.Result}{stderr.Result}");
            }
            if (clock.Elapsed > Limit)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                return (-1, $"timed out after {Limit}\n{stdout.Result}{stderr.Result}");
            }
        }
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}

/// <summary>
/// A theory that launches <c>mpirun</c>: skipped with an install hint when the launcher is not on PATH, unless CI
/// requires MPI (then it runs and fails). xunit 2 has no dynamic skip, so this is decided when the attribute is made.
/// </summary>
public sealed class MpiTheoryAttribute : TheoryAttribute
{
    public MpiTheoryAttribute(string launcher)
    {
        if (MpiJob.Find(launcher) is null && !MpiJob.Required)
            Skip = $"MPI tests skipped: {launcher} is not on PATH (apt-get install {MpiJob.Package(launcher)}; "
                + "set MPI_REQUIRED=1 to make this a failure)";
    }
}

/// <summary>The fact counterpart of <see cref="MpiTheoryAttribute"/>.</summary>
public sealed class MpiFactAttribute : FactAttribute
{
    public MpiFactAttribute(string launcher)
    {
        if (MpiJob.Find(launcher) is null && !MpiJob.Required)
            Skip = $"MPI tests skipped: {launcher} is not on PATH (apt-get install {MpiJob.Package(launcher)}; "
                + "set MPI_REQUIRED=1 to make this a failure)";
    }
}
