namespace Engine.Distributed.Tests;

/// <summary>
/// The test assembly run as a program: <c>dotnet Engine.Distributed.Tests.dll ranks N</c> is what each rank of the
/// launches in <see cref="MpiLaunchTests"/> runs (<see cref="RankChecks"/>). The test runner never calls this.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args is ["ranks", var n] && int.TryParse(n, out int expectedSize))
            return RankChecks.Run(expectedSize);
        Console.Error.WriteLine("usage: Engine.Distributed.Tests ranks <expected size>");
        return 2;
    }
}
