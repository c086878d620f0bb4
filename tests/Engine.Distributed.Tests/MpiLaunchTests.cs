using System.Text.RegularExpressions;

namespace Engine.Distributed.Tests;

/// <summary>
/// Jobs of 1 to 4 ranks under both system MPIs, each rank checking every collective and the rank-ordered sum against
/// the serial sum it computes itself (<see cref="RankChecks"/>). One collection: two jobs at once would fight for cores.
/// </summary>
[Collection(nameof(MpiLaunchTests))]
public sealed partial class MpiLaunchTests
{
    [MpiTheory(MpiJob.OpenMpi)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Every_collective_and_the_rank_order_sum_are_exact_under_OpenMPI(int ranks) =>
        AssertEveryRankPassed(MpiJob.OpenMpi, ranks, "OpenMPI");

    [MpiTheory(MpiJob.Mpich)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Every_collective_and_the_rank_order_sum_are_exact_under_MPICH(int ranks) =>
        AssertEveryRankPassed(MpiJob.Mpich, ranks, "MPICH");

    [Fact]
    public void Without_a_launcher_the_program_is_one_rank_and_maps_no_libmpi()
    {
        var (exitCode, output) = MpiJob.Run(launcher: null, 1, typeof(MpiJob).Assembly.Location, "ranks", "1");
        Assert.True(exitCode == 0, output);
        Assert.Equal(["ok rank 0 of 1: single process, no libmpi mapped"], OkLines(output));
    }

    [MpiTheory(MpiJob.OpenMpi)]
    [InlineData(2)]
    [InlineData(3)]
    public void Data_parallel_training_under_OpenMPI_is_bit_identical_to_one_process(int ranks) =>
        AssertTrainingMatchesOneProcess(MpiJob.OpenMpi, ranks);

    [MpiTheory(MpiJob.Mpich)]
    [InlineData(2)]
    public void Data_parallel_training_under_MPICH_is_bit_identical_to_one_process(int ranks) =>
        AssertTrainingMatchesOneProcess(MpiJob.Mpich, ranks);

    /// <summary>Four micro-batches, three steps of each trainer: every rank's digest equals the one-process run's.</summary>
    private static void AssertTrainingMatchesOneProcess(string launcher, int ranks)
    {
        string assembly = typeof(MpiJob).Assembly.Location;
        var (serialExit, serialOutput) = MpiJob.Run(launcher: null, 1, assembly, "train", "4", "3");
        Assert.True(serialExit == 0, serialOutput);
        string serial = Assert.Single(WeightLines().Matches(serialOutput)).Groups["digest"].Value;
        var (exitCode, output) = MpiJob.Run(launcher, ranks, assembly, "train", "4", "3");
        Assert.True(exitCode == 0, $"{launcher} -np {ranks} exited with {exitCode}:\n{output}");
        var digests = WeightLines().Matches(output).ToDictionary(m => m.Groups["rank"].Value, m => m.Groups["digest"].Value);
        Assert.Equal(ranks, digests.Count);
        Assert.All(digests, d => Assert.True(d.Value == serial, $"rank {d.Key}: {d.Value}, one process: {serial}"));
    }

    private static void AssertEveryRankPassed(string launcher, int ranks, string flavor)
    {
        var (exitCode, output) = MpiJob.Run(launcher, ranks, typeof(MpiJob).Assembly.Location, "ranks", ranks.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(exitCode == 0, $"{launcher} -np {ranks} exited with {exitCode}:\n{output}");
        var expected = Enumerable.Range(0, ranks).Select(r => $"ok rank {r} of {ranks}: {flavor}").ToArray();
        Assert.Equal(expected, OkLines(output).Order(StringComparer.Ordinal));
    }

    private static string[] OkLines(string output) =>
        OkLine().Matches(output).Select(m => m.Value.TrimEnd()).ToArray();

    [GeneratedRegex(@"^ok rank .*$", RegexOptions.Multiline)]
    private static partial Regex OkLine();

    [GeneratedRegex(@"^weights of rank (?<rank>\d+) of \d+: (?<digest>[0-9A-F]{64})", RegexOptions.Multiline)]
    private static partial Regex WeightLines();
}
