using Engine.Envs.Maze2D;
using Engine.Envs.MuJoCo.Maze;
using Xunit.Abstractions;

namespace Engine.Envs.MuJoCo.Tests;

/// <summary>
/// The managed Maze2D simulator against real MuJoCo on D4RL's point-maze MJCF, for random action
/// sequences from the same reset states: identical to rounding in free space, close across wall contacts.
/// </summary>
public sealed class MazeCrossCheckTests(ITestOutputHelper output)
{
    /// <summary>Largest position gap allowed in free space (rounding only).</summary>
    public const double FreeSpaceTolerance = 1e-9;
    /// <summary>
    /// Position gap allowed within <see cref="StepsAfterContact"/> steps of the first wall contact (managed hard
    /// contact vs MuJoCo's soft one): the median sequence within 3 cm, every sequence within 25 cm. Measured
    /// (40 sequences per maze): medians 0.9–1.4 cm, maxima 6.6–17 cm (docs/locomotion.md, "Maze2D cross-check").
    /// </summary>
    public const double MedianContactTolerance = 0.03;
    public const double MaxContactTolerance = 0.25;

    /// <summary>Steps compared after the first wall contact of a sequence.</summary>
    public const int StepsAfterContact = 20;

    /// <param name="FreeSpace">Max |Δpos| before any wall contact.</param>
    /// <param name="AfterContact">Max |Δpos| from the first wall contact to <see cref="StepsAfterContact"/> steps later.</param>
    /// <param name="WholeSequence">Max |Δpos| over whole sequences (later contacts compound the differences).</param>
    /// <param name="MedianAfterContact">Median over sequences of the per-sequence after-contact maximum.</param>
    internal sealed record Deviation(double FreeSpace, double FreeSpaceVelocity, double AfterContact, double MedianAfterContact, double WholeSequence, int Contacts, int Sequences);

    internal static Deviation Measure(Maze2DTask task, int sequences, int steps, ulong seed)
    {
        using var managed = new Maze2DEnvironment(task, Maze2DOptions.Official, steps);
        using var mujoco = new MuJoCoMaze2DEnvironment(task, Maze2DOptions.Official, steps);
        double free = 0, freeVelocity = 0, after = 0, whole = 0;
        var contacts = 0;
        var perSequence = new List<double>();
        for (var s = 0; s < sequences; s++)
        {
            var episodeSeed = Rng.Derive(seed, (ulong)s);
            Assert.Equal(managed.Reset(episodeSeed), mujoco.Reset(episodeSeed));
            var rng = new Rng(Rng.Derive(seed, 1000 + (ulong)s));
            var firstContact = -1;
            var sequenceAfter = 0.0;
            for (var t = 0; t < steps; t++)
            {
                double[] action = [rng.Uniform(-1, 1), rng.Uniform(-1, 1)];
                var before = managed.Observation;
                var ra = managed.Step(action).Observation;
                var rb = mujoco.Step(action).Observation;
                // A wall contact on either side: MuJoCo reports more than the resting ground contact (its
                // margin is 2 mm), or the managed ball's velocity is not the free-space Euler update
                // (its contacts are swept within the step, so the end position may be clear of the wall).
                var freeVx = PointMassModel.NextVelocity(Math.Clamp(before[2], -5, 5), action[0], PointMassModel.TimeStep);
                var freeVy = PointMassModel.NextVelocity(Math.Clamp(before[3], -5, 5), action[1], PointMassModel.TimeStep);
                var touching = mujoco.Data.ContactCount > 1
                    || Math.Abs(ra[2] - freeVx) > 1e-9 || Math.Abs(ra[3] - freeVy) > 1e-9;
                if (touching && firstContact < 0) firstContact = t;
                var gap = Math.Max(Math.Abs(ra[0] - rb[0]), Math.Abs(ra[1] - rb[1]));
                whole = Math.Max(whole, gap);
                if (firstContact < 0)
                {
                    free = Math.Max(free, gap);
                    freeVelocity = Math.Max(freeVelocity, Math.Max(Math.Abs(ra[2] - rb[2]), Math.Abs(ra[3] - rb[3])));
                }
                else if (t - firstContact <= StepsAfterContact)
                    sequenceAfter = Math.Max(sequenceAfter, gap);
            }
            if (firstContact >= 0)
            {
                contacts++;
                perSequence.Add(sequenceAfter);
                after = Math.Max(after, sequenceAfter);
            }
        }
        perSequence.Sort();
        var median = perSequence.Count > 0 ? perSequence[perSequence.Count / 2] : 0;
        return new Deviation(free, freeVelocity, after, median, whole, contacts, sequences);
    }

    [MuJoCoTheory]
    [InlineData("maze2d-umaze-v0")]
    [InlineData("maze2d-medium-v1")]
    [InlineData("maze2d-large-v1")]
    public void Managed_maze_matches_mujoco_in_free_space_and_near_it_across_wall_contacts(string name)
    {
        var d = Measure(Maze2DTask.Named(name), sequences: 40, steps: 200, seed: 7);
        output.WriteLine($"{name}: free-space max |Δpos| {d.FreeSpace:E2}, |Δvel| {d.FreeSpaceVelocity:E2}; first contact + {StepsAfterContact} steps max |Δpos| {d.AfterContact:E3} (median {d.MedianAfterContact:E3}); whole sequences {d.WholeSequence:E3} ({d.Contacts}/{d.Sequences} sequences touched a wall)");
        Assert.True(d.Contacts > 0, "the random sequences should reach a wall");
        Assert.True(d.FreeSpace <= FreeSpaceTolerance, $"free-space deviation {d.FreeSpace:E3}");
        Assert.True(d.MedianAfterContact <= MedianContactTolerance, $"median deviation after wall contact {d.MedianAfterContact:E3}");
        Assert.True(d.AfterContact <= MaxContactTolerance, $"deviation after wall contact {d.AfterContact:E3}");
    }

    [MuJoCoFact]
    public void Backends_are_selectable_and_managed_is_the_default()
    {
        using var managed = Maze2DBackends.Create(Maze2DTask.UMazeV0);
        using var mujoco = Maze2DBackends.Create(Maze2DTask.UMazeV0, MazeBackend.MuJoCo);
        Assert.IsType<Maze2DEnvironment>(managed);
        Assert.IsType<MuJoCoMaze2DEnvironment>(mujoco);
        Assert.Equal(managed.Reset(3), mujoco.Reset(3));
    }
}
