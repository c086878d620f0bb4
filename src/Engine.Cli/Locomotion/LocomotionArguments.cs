using Engine.Envs.MuJoCo.Locomotion;

namespace Engine.Cli.Locomotion;

/// <summary>Parsing shared by the locomotion subcommands.</summary>
internal static class LocomotionArguments
{
    /// <summary>`--env`: "all" (Hopper, HalfCheetah, Walker2d) or a comma list of robot names, each once.</summary>
    public static LocomotionKind[] Robots(string value)
    {
        if (value.Trim().Equals("all", StringComparison.OrdinalIgnoreCase))
            return [LocomotionKind.Hopper, LocomotionKind.HalfCheetah, LocomotionKind.Walker2d];
        var kinds = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(v => LocomotionTask.Parse(v, "--env").Kind).Distinct().ToArray();
        return kinds.Length > 0 ? kinds : throw InputException.InvalidValue("--env", value, "name at least one robot (hopper, halfcheetah, walker2d) or all");
    }
}
