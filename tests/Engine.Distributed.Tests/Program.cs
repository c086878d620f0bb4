namespace Engine.Distributed.Tests;

/// <summary>
/// The test assembly run as a program: <c>dotnet Engine.Distributed.Tests.dll ranks N</c> is what each rank of the
/// launches in <see cref="MpiLaunchTests"/> runs (<see cref="RankChecks"/>), and <c>train K S</c> the data-parallel training of
/// <see cref="TinyTraining"/>. The test runner never calls this.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args is ["ranks", var n] && int.TryParse(n, out int expectedSize))
            return RankChecks.Run(expectedSize);
        if (args is ["train", var k, var s] && int.TryParse(k, out int microBatches) && int.TryParse(s, out int steps))
        {
            using var world = Communicator.World();
            var result = TinyTraining.Run(new CommunicatorGradientExchange(world), microBatches, steps);
            Console.WriteLine($"weights of rank {world.Rank} of {world.Size}: {result.Digest()}");
            return 0;
        }
        Console.Error.WriteLine("usage: Engine.Distributed.Tests ranks <expected size> | train <micro-batches> <steps>");
        return 2;
    }
}
