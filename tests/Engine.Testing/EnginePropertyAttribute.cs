using FsCheck.Xunit;

namespace Engine.Testing;

/// <summary>
/// An FsCheck property with bounded sizes. Under CI (CI=true) it replays a fixed seed so a run is
/// reproducible; locally each run explores new cases (a failure prints its replay seed).
/// </summary>
public sealed class EnginePropertyAttribute : PropertyAttribute
{
    public const string CiReplay = "(20261129,1)";

    public EnginePropertyAttribute()
    {
        MaxTest = 40;
        QuietOnSuccess = true;
        EndSize = 20;
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            Replay = CiReplay;
    }
}
