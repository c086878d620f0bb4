namespace Engine.Distributed;

/// <summary>
/// Whether this process was started by an MPI launcher, read from the variables the launchers set, and which
/// library to open for it.
/// </summary>
/// <param name="Variable">The launcher variable that was found (e.g. <c>OMPI_COMM_WORLD_SIZE</c>).</param>
/// <param name="Libraries">The libraries to try, in order.</param>
/// <param name="ExpectedSize">The job size the launcher announced, when it says.</param>
internal sealed record MpiLaunch(string Variable, IReadOnlyList<string> Libraries, int? ExpectedSize)
{
    /// <summary>When set, the only MPI library tried (a soname or a path), whatever launched the process.</summary>
    public const string LibraryVariable = "ENGINE_MPI_LIBRARY";

    public const string OpenMpiLibrary = "libmpi.so.40";
    public const string MpichLibrary = "libmpich.so.12";

    /// <summary>
    /// The launch described by <paramref name="environment"/>, or null when no launcher started the process (then no
    /// MPI library is touched at all). OpenMPI's mpirun sets OMPI_COMM_WORLD_*, MPICH's Hydra sets PMI_*, and
    /// PMIx-based launchers (Slurm's <c>srun --mpi=pmix</c>) set PMIX_RANK, which does not say which MPI.
    /// </summary>
    public static MpiLaunch? Detect(Func<string, string?> environment)
    {
        string? custom = environment(LibraryVariable);
        IReadOnlyList<string> Libraries(params string[] defaults) =>
            string.IsNullOrEmpty(custom) ? defaults : [custom];

        if (Set(environment, "OMPI_COMM_WORLD_SIZE") is { } ompi)
            return new("OMPI_COMM_WORLD_SIZE", Libraries(OpenMpiLibrary), Size(ompi));
        if (Set(environment, "PMI_SIZE") is { } pmi)
            return new("PMI_SIZE", Libraries(MpichLibrary), Size(pmi));
        if (Set(environment, "PMI_RANK") is not null)
            return new("PMI_RANK", Libraries(MpichLibrary), null);
        if (Set(environment, "PMIX_RANK") is not null)
            return new("PMIX_RANK", Libraries(OpenMpiLibrary, MpichLibrary), null);
        return null;
    }

    private static string? Set(Func<string, string?> environment, string name) =>
        environment(name) is { Length: > 0 } value ? value : null;

    private static int? Size(string text) => int.TryParse(text, out int n) && n > 0 ? n : null;
}
