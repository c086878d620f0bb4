using Engine.Envs.MuJoCo.Locomotion;

namespace Engine.Envs.MuJoCo.Tests;

internal static class TestSupport
{
    public static LocomotionTask Task(string name) => LocomotionTask.Parse(name);

    /// <summary>A reproducible "recorded" action sequence, uniform in [−1, 1].</summary>
    public static double[][] RecordedActions(int count, int size, ulong seed)
    {
        var rng = new Rng(seed);
        var actions = new double[count][];
        for (var t = 0; t < count; t++)
        {
            actions[t] = new double[size];
            for (var i = 0; i < size; i++)
                actions[t][i] = rng.Uniform(-1, 1);
        }
        return actions;
    }

    /// <summary>Runs the actions from a reset with <paramref name="seed"/>; stops at the episode's end.</summary>
    public static List<StepResult> Rollout(IEnvironment env, ulong seed, double[][] actions)
    {
        env.Reset(seed);
        var results = new List<StepResult>();
        foreach (var a in actions)
        {
            var r = env.Step(a);
            results.Add(r);
            if (r.Terminated || r.Truncated) break;
        }
        return results;
    }
}

/// <summary>A test class with a private scratch directory (<see cref="Dir"/>), deleted after each test.</summary>
public abstract class ScratchDirectoryTest : IDisposable
{
    protected ScratchDirectoryTest(string prefix) => Dir = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");

    protected string Dir { get; }

    public void Dispose()
    {
        if (Directory.Exists(Dir)) Directory.Delete(Dir, recursive: true);
        GC.SuppressFinalize(this);
    }
}
