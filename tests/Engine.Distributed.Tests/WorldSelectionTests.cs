using Engine.IO;

namespace Engine.Distributed.Tests;

/// <summary>Which world a process gets from its environment, and the single-process collectives, in the test host itself.</summary>
public sealed class WorldSelectionTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void Without_launcher_variables_the_world_is_one_process_and_no_library_is_opened()
    {
        using var world = Communicator.World(Env(("PATH", "/usr/bin"), ("SLURM_JOB_ID", "7")));
        Assert.IsType<SingleProcessCommunicator>(world);
        Assert.Equal((0, 1), (world.Rank, world.Size));
        Assert.Equal(0, MpiLibrary.Loads);
        Assert.True(RankChecks.NoMpiMapped());
    }

    [Theory]
    [InlineData("OMPI_COMM_WORLD_SIZE", "libmpi.so.40")]
    [InlineData("PMI_SIZE", "libmpich.so.12")]
    [InlineData("PMI_RANK", "libmpich.so.12")]
    [InlineData("PMIX_RANK", "libmpi.so.40,libmpich.so.12")]
    public void Each_launcher_variable_selects_its_library(string variable, string libraries)
    {
        var launch = MpiLaunch.Detect(Env((variable, "2")));
        Assert.NotNull(launch);
        Assert.Equal(libraries, string.Join(",", launch.Libraries));
        var custom = MpiLaunch.Detect(Env((variable, "2"), (MpiLaunch.LibraryVariable, "/opt/mpi/lib/libmpi.so")));
        Assert.Equal(["/opt/mpi/lib/libmpi.so"], custom!.Libraries);
    }

    [Fact]
    public void A_launch_whose_library_is_missing_is_one_input_error_naming_the_library_and_the_remedy()
    {
        const string missing = "/nonexistent/libmpi.so.40";
        var error = Assert.Throws<InputException>(() =>
            Communicator.World(Env(("PMI_RANK", "0"), (MpiLaunch.LibraryVariable, missing))));
        Assert.Equal("cannot load MPI", error.What);
        Assert.Equal(missing, error.Where);
        Assert.Contains("PMI_RANK is set", error.Why, StringComparison.Ordinal);
        Assert.Contains($"{missing}: cannot open shared object file", error.Why, StringComparison.Ordinal); // the loader's reason
        Assert.Contains(MpiLaunch.LibraryVariable, error.Why, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Equal(0, MpiLibrary.Loads);
    }

    [Fact]
    public void A_library_that_is_not_MPI_is_refused_by_name()
    {
        var error = Assert.Throws<InputException>(() =>
            Communicator.World(Env(("OMPI_COMM_WORLD_SIZE", "2"), (MpiLaunch.LibraryVariable, "libc.so.6"))));
        Assert.Contains("libc.so.6 loads but is not an MPI library", error.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void Single_process_collectives_return_this_process_data()
    {
        using var world = new SingleProcessCommunicator();
        var data = new[] { 1.5f, -2f, 3.25f };
        var copy = new float[3];
        world.Allgather<float>(data, copy);
        Assert.Equal(data, copy);
        world.Alltoall<float>(data, copy);
        Assert.Equal(data, copy);
        world.Allgatherv<float>(data, copy, [3]);
        Assert.Equal(data, copy);
        world.AllreduceSum(copy);
        Assert.Equal(data, copy);
        Assert.Throws<ArgumentOutOfRangeException>(() => world.Broadcast<float>(copy, root: 1));
        Assert.Throws<ArgumentException>(() => world.Allgather<float>(data, new float[2]));
    }
}
