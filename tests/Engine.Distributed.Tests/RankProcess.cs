using System.Diagnostics;

namespace Engine.Distributed.Tests;

/// <summary>Runs this test assembly as the program of every rank (see <see cref="Program"/>) and collects its output.</summary>
internal static class RankProcess
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(4);

    /// <summary>
    /// <c>launcher [flags] -np N dotnet this.dll ranks N</c>, or the program alone when <paramref name="launcher"/> is
    /// null; returns the exit code and stdout + stderr.
    /// </summary>
    public static (int ExitCode, string Output) Run(string? launcher, int ranks)
    {
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        string assembly = typeof(RankProcess).Assembly.Location;
        var start = new ProcessStartInfo
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (launcher is not null)
        {
            string path = PathLookup.Find(launcher)
                ?? throw new InvalidOperationException($"{launcher} is not on PATH but MPI tests are required here (CI=true or MPI_REQUIRED=1): apt-get install {PathLookup.Package(launcher)}");
            start.FileName = path;
            // OpenMPI refuses more ranks than cores without --oversubscribe; MPICH needs no flag and rejects that one.
            if (launcher == PathLookup.OpenMpi) start.ArgumentList.Add("--oversubscribe");
            start.ArgumentList.Add("-np");
            start.ArgumentList.Add(ranks.ToString(System.Globalization.CultureInfo.InvariantCulture));
            start.ArgumentList.Add(dotnet);
        }
        else
        {
            start.FileName = dotnet;
        }
        start.ArgumentList.Add(assembly);
        start.ArgumentList.Add("ranks");
        start.ArgumentList.Add(ranks.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // OpenMPI gives ranks a pty, and the console then writes terminal escapes into the output; OpenMPI also refuses
        // to run as root (CI containers) without consent. The test host's own launcher variables must not leak in.
        start.Environment["TERM"] = "dumb";
        start.Environment["OMPI_ALLOW_RUN_AS_ROOT"] = "1";
        start.Environment["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1";
        start.Environment.Remove(MpiLaunch.LibraryVariable);

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Limit))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return (-1, $"timed out after {Limit}\n{stdout.Result}{stderr.Result}");
        }
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
