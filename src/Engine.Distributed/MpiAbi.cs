using System.Runtime.InteropServices;

namespace Engine.Distributed;

/// <summary>The two C ABIs of the system MPIs: how a communicator and a datatype are named.</summary>
internal enum MpiFlavor
{
    /// <summary>Handles are pointers to exported globals (<c>MPI_COMM_WORLD = &amp;ompi_mpi_comm_world</c>).</summary>
    OpenMpi,

    /// <summary>Handles are int constants (MPICH and its derivatives: Intel MPI, MVAPICH).</summary>
    Mpich,
}

/// <summary>The handles the binding uses, read for the loaded library's ABI.</summary>
/// <remarks>
/// Only MPI_COMM_WORLD and MPI_BYTE are needed: every collective moves bytes (element count × element size), and the
/// sum is done by this library in a fixed order (<see cref="RankOrderedSum"/>), never by MPI_SUM. MPICH's int handles
/// are passed zero-extended in a pointer-sized argument, which the x86-64 and AArch64 calling conventions allow (the
/// callee reads the low 32 bits).
/// </remarks>
internal readonly record struct MpiAbi(MpiFlavor Flavor, nint CommWorld, nint Byte)
{
    private const nint MpichCommWorld = 0x44000000;
    private const nint MpichByte = 0x4c00010d;

    /// <summary>OpenMPI if the library exports its communicator global, else the MPICH ABI.</summary>
    public static MpiAbi Of(nint library)
    {
        if (NativeLibrary.TryGetExport(library, "ompi_mpi_comm_world", out nint world))
            return new(MpiFlavor.OpenMpi, world, NativeLibrary.GetExport(library, "ompi_mpi_byte"));
        return new(MpiFlavor.Mpich, MpichCommWorld, MpichByte);
    }
}
