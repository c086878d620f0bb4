using Engine.Envs.MuJoCo.Locomotion;

namespace Engine.Envs.MuJoCo.Tests;

/// <summary>Vectorised locomotion: rows equal single environments, and parallelism changes nothing.</summary>
public sealed class VectorTests
{
    private static List<double[]> Run(int maxParallelism, int count, int steps)
    {
        using var vector = LocomotionEnv.CreateVector(LocomotionTask.Hopper, count, autoReset: true, maxParallelism);
        var trace = new List<double[]> { vector.Reset(5) };
        var rng = new Rng(9);
        for (var t = 0; t < steps; t++)
        {
            var actions = Enumerable.Range(0, count * 3).Select(_ => rng.Uniform(-1, 1)).ToArray();
            var r = vector.Step(actions);
            trace.Add([.. r.Observations, .. r.Rewards, .. r.Terminated.Select(b => b ? 1.0 : 0.0)]);
        }
        return trace;
    }

    [MuJoCoFact]
    public void Parallel_vector_matches_sequential_vector_bit_for_bit()
    {
        var sequential = Run(1, 6, 120);
        var parallel = Run(3, 6, 120);
        Assert.Equal(sequential.Count, parallel.Count);
        for (var t = 0; t < sequential.Count; t++)
            Assert.Equal(sequential[t], parallel[t]);
    }

    [MuJoCoFact]
    public void Each_row_is_the_single_environment_with_the_derived_seed()
    {
        const int count = 3;
        using var vector = LocomotionEnv.CreateVector(LocomotionTask.Walker2d, count, autoReset: true, maxParallelism: 2);
        var first = vector.Reset(11);
        var actions = TestSupport.RecordedActions(40, count * 6, 4);
        var results = actions.Select(a => vector.Step(a)).ToArray();
        for (var i = 0; i < count; i++)
        {
            using var single = new LocomotionEnv(LocomotionTask.Walker2d);
            Assert.Equal(single.Reset(Rng.Derive(11, (ulong)i)), first[(i * 17)..((i + 1) * 17)]);
            for (var t = 0; t < actions.Length; t++)
            {
                var r = single.Step(actions[t].AsSpan(i * 6, 6));
                // After an episode ends the row holds the next episode's start; the final one is kept aside.
                var rows = r.Terminated || r.Truncated ? results[t].FinalObservations : results[t].Observations;
                Assert.Equal(r.Observation, rows[(i * 17)..((i + 1) * 17)]);
                Assert.Equal(r.Reward, results[t].Rewards[i]);
                if (r.Terminated || r.Truncated) break;
            }
        }
    }
}
