using Engine.Envs.MuJoCo;

namespace Engine.Cli.Locomotion;

/// <summary>
/// Runs a locomotion action under <see cref="CliErrors"/> (System.CommandLine would otherwise print
/// its own stack trace), treating a missing or wrong libmujoco as a user error with its install hint.
/// </summary>
internal static class UserErrors
{
    public static int Run(Func<int> body) => CliErrors.Run(() =>
    {
        try
        {
            return body();
        }
        catch (MuJoCoException e)
        {
            throw new CliException(e.Message);
        }
    });
}
