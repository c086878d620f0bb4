using Engine.Envs.MuJoCo;
using Xunit;

namespace Engine.Testing;

/// <summary>
/// A fact that needs libmujoco 2.2.2. Without the library it is skipped with an install hint,
/// unless CI=true (or MUJOCO_REQUIRED=1): then it runs and fails, so CI cannot pass silently.
/// xunit 2 has no dynamic skip, so the decision is made when the attribute is constructed; <see cref="SkipReason"/>
/// lets attributes with further needs (an MPI launcher) combine it.
/// </summary>
public sealed class MuJoCoFactAttribute : FactAttribute
{
    public MuJoCoFactAttribute()
    {
        if (Skip is null && SkipReason() is { } reason)
            Skip = reason;
    }

    /// <summary>Why a MuJoCo test is skipped here, or null when it runs (the library loads, or CI requires it).</summary>
    public static string? SkipReason()
    {
        if (MuJoCoRuntime.IsAvailable || Required)
            return null;
        return $"MuJoCo tests skipped: {MuJoCoRuntime.UnavailableReason}";
    }

    private static bool Required =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
        || Environment.GetEnvironmentVariable("MUJOCO_REQUIRED") == "1";
}

/// <summary>The theory counterpart of <see cref="MuJoCoFactAttribute"/>.</summary>
public sealed class MuJoCoTheoryAttribute : TheoryAttribute
{
    public MuJoCoTheoryAttribute()
    {
        if (Skip is null && MuJoCoFactAttribute.SkipReason() is { } reason)
            Skip = reason;
    }
}
