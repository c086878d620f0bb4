using Engine.Envs.MuJoCo.Locomotion;

namespace Engine.Envs.MuJoCo.Tests;

/// <summary>Same seed and actions give the same bits: across runs, fresh environments and threads.</summary>
public sealed class DeterminismTests
{
    private static double[] Trace(IEnvironment env, ulong seed, double[][] actions) =>
        TestSupport.Rollout(env, seed, actions).SelectMany(r => r.Observation.Append(r.Reward)).ToArray();

    [MuJoCoTheory]
    [InlineData("hopper")]
    [InlineData("walker2d")]
    [InlineData("halfcheetah")]
    public void Repeated_and_fresh_runs_are_bit_identical(string name)
    {
        var task = TestSupport.Task(name);
        var actions = TestSupport.RecordedActions(300, task == LocomotionTask.Hopper ? 3 : 6, 17);
        using var env = new LocomotionEnv(task);
        var first = Trace(env, 7, actions);
        var again = Trace(env, 7, actions);
        using var fresh = new LocomotionEnv(task);
        var third = Trace(fresh, 7, actions);
        Assert.Equal(first, again);
        Assert.Equal(first, third);
        Assert.NotEqual(first, Trace(env, 8, actions));
    }

    [MuJoCoFact]
    public void Threads_sharing_one_model_match_the_sequential_run()
    {
        var task = LocomotionTask.Walker2d;
        using var model = MjModel.FromXml(task.LoadModelXml(), task.Name);
        const int count = 6;
        var actions = Enumerable.Range(0, count).Select(i => TestSupport.RecordedActions(150, 6, (ulong)i)).ToArray();
        var sequential = new double[count][];
        for (var i = 0; i < count; i++)
        {
            using var env = new LocomotionEnv(task, model);
            sequential[i] = Trace(env, (ulong)i, actions[i]);
        }
        var parallel = new double[count][];
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = 3 }, i =>
        {
            using var env = new LocomotionEnv(task, model);
            parallel[i] = Trace(env, (ulong)i, actions[i]);
        });
        for (var i = 0; i < count; i++)
            Assert.Equal(sequential[i], parallel[i]);
    }
}
