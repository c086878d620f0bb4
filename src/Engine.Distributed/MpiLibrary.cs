using System.Runtime.InteropServices;
using System.Text;
using Engine.IO;

namespace Engine.Distributed;

/// <summary>
/// The dozen entry points of the system libmpi the binding needs, as unmanaged function pointers taken from the
/// library found at run time; no import library and no compile-time choice between OpenMPI and MPICH.
/// </summary>
/// <remarks>
/// MPI.NET (NuGet 1.4.0) is not used: it is built against MS-MPI's int handles and crashes under OpenMPI, whose
/// handles are pointers (docs/distributed.md). The signatures are MPI-3's C bindings with every handle as nint.
/// </remarks>
internal sealed unsafe partial class MpiLibrary
{
    private const int RtldNow = 2;
    private const int RtldGlobal = 0x100;

    /// <summary>Processes opened a library (visible to tests: the single-process path must leave this at 0).</summary>
    private static int _loads;

    public static int Loads => Volatile.Read(ref _loads);

    public readonly string Name;
    public readonly MpiAbi Abi;
    public readonly delegate* unmanaged<int*, int> Initialized;
    public readonly delegate* unmanaged<int*, byte***, int, int*, int> InitThread;
    public readonly delegate* unmanaged<int*, int> Finalized;
    public readonly delegate* unmanaged<int> FinalizeMpi;
    public readonly delegate* unmanaged<nint, int*, int> CommRank;
    public readonly delegate* unmanaged<nint, int*, int> CommSize;
    public readonly delegate* unmanaged<nint, int> Barrier;
    public readonly delegate* unmanaged<void*, int, nint, int, nint, int> Bcast;
    public readonly delegate* unmanaged<void*, int, nint, void*, int, nint, nint, int> Allgather;
    public readonly delegate* unmanaged<void*, int, nint, void*, int*, int*, nint, nint, int> Allgatherv;
    public readonly delegate* unmanaged<void*, int, nint, void*, int, nint, nint, int> Alltoall;
    public readonly delegate* unmanaged<nint, int, int> Abort;
    private readonly delegate* unmanaged<byte*, int*, int> _libraryVersion;

    private MpiLibrary(string name, nint handle)
    {
        Name = name;
        Abi = MpiAbi.Of(handle);
        nint F(string symbol) => NativeLibrary.GetExport(handle, symbol);
        Initialized = (delegate* unmanaged<int*, int>)F("MPI_Initialized");
        InitThread = (delegate* unmanaged<int*, byte***, int, int*, int>)F("MPI_Init_thread");
        Finalized = (delegate* unmanaged<int*, int>)F("MPI_Finalized");
        FinalizeMpi = (delegate* unmanaged<int>)F("MPI_Finalize");
        CommRank = (delegate* unmanaged<nint, int*, int>)F("MPI_Comm_rank");
        CommSize = (delegate* unmanaged<nint, int*, int>)F("MPI_Comm_size");
        Barrier = (delegate* unmanaged<nint, int>)F("MPI_Barrier");
        Bcast = (delegate* unmanaged<void*, int, nint, int, nint, int>)F("MPI_Bcast");
        Allgather = (delegate* unmanaged<void*, int, nint, void*, int, nint, nint, int>)F("MPI_Allgather");
        Allgatherv = (delegate* unmanaged<void*, int, nint, void*, int*, int*, nint, nint, int>)F("MPI_Allgatherv");
        Alltoall = (delegate* unmanaged<void*, int, nint, void*, int, nint, nint, int>)F("MPI_Alltoall");
        Abort = (delegate* unmanaged<nint, int, int>)F("MPI_Abort");
        _libraryVersion = (delegate* unmanaged<byte*, int*, int>)F("MPI_Get_library_version");
    }

    /// <summary>The first line of MPI_Get_library_version (callable before MPI_Init; OpenMPI counts its trailing NUL).</summary>
    public string Version()
    {
        var text = new byte[8192];   // MPICH's MPI_MAX_LIBRARY_VERSION_STRING; OpenMPI's is 256
        int length;
        fixed (byte* p = text)
            Check(_libraryVersion(p, &length), "MPI_Get_library_version");
        var version = Encoding.UTF8.GetString(text, 0, Math.Clamp(length, 0, text.Length)).TrimEnd('\0');
        // "Open MPI v4.1.4, package: Debian OpenMPI, …" or "MPICH Version:      4.0.2": the name and version only.
        var first = version.Split('\n', 2)[0].Split(',', 2)[0];
        return string.Join(' ', first.Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>Opens the first library of <paramref name="launch"/> that loads and exports MPI.</summary>
    /// <exception cref="InputException">None does: MPI is not installed, or the override names something else.</exception>
    public static MpiLibrary Load(MpiLaunch launch)
    {
        var reasons = new List<string>();
        foreach (var name in launch.Libraries)
        {
            // RTLD_GLOBAL: OpenMPI dlopens its transport plugins, which resolve MPI symbols from the global scope.
            nint handle = Open(name, out string? reason);
            if (handle == 0)
            {
                reasons.Add(reason ?? $"{name} cannot be loaded");
                continue;
            }
            if (!NativeLibrary.TryGetExport(handle, "MPI_Init_thread", out _))
            {
                reasons.Add($"{name} loads but is not an MPI library (no MPI_Init_thread)");
                continue;
            }
            Interlocked.Increment(ref _loads);
            return new MpiLibrary(name, handle);
        }
        throw new InputException("cannot load MPI", string.Join(", ", launch.Libraries),
            $"this process was started by an MPI launcher ({launch.Variable} is set) but {string.Join("; ", reasons)}; "
            + $"install openmpi-bin or mpich, or give the library's path in {MpiLaunch.LibraryVariable}");
    }

    private static nint Open(string name, out string? reason)
    {
        reason = null;
        try
        {
            // The first call binds dlerror itself (the runtime's own dlopen of libc would clear the message to read).
            DlError();
            nint handle = DlOpen(name, RtldNow | RtldGlobal);
            if (handle == 0 && DlError() is var error && error != 0)
                reason = Marshal.PtrToStringUTF8(error);
            return handle;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // No glibc (another libc, another OS): the runtime's loader, which opens with RTLD_LOCAL.
            return NativeLibrary.TryLoad(name, out nint handle) ? handle : 0;
        }
    }

    public static void Check(int code, string function)
    {
        // The default error handler (MPI_ERRORS_ARE_FATAL) ends the job before a code comes back; this is the guard
        // for a library configured otherwise.
        if (code != 0)
            throw new InvalidOperationException($"{function} returned MPI error code {code}");
    }

    [LibraryImport("libc.so.6", EntryPoint = "dlopen", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint DlOpen(string file, int mode);

    [LibraryImport("libc.so.6", EntryPoint = "dlerror")]
    private static partial nint DlError();
}
