namespace Engine.Distributed;

/// <summary>The world this process belongs to.</summary>
public static class Communicator
{
    /// <summary>
    /// MPI_COMM_WORLD when an MPI launcher started the process (OpenMPI's <c>mpirun</c>, MPICH's <c>mpiexec</c>, Slurm's
    /// <c>srun</c>), else a <see cref="SingleProcessCommunicator"/> with no native library loaded. Dispose it at the end
    /// of the program (every rank).
    /// </summary>
    /// <exception cref="Engine.IO.InputException">Launched under MPI but no MPI library loads, or the library is not the launcher's MPI.</exception>
    public static ICommunicator World() => World(Environment.GetEnvironmentVariable);

    internal static ICommunicator World(Func<string, string?> environment) =>
        MpiLaunch.Detect(environment) is { } launch ? new MpiCommunicator(launch) : new SingleProcessCommunicator();
}
