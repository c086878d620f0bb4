namespace Engine.Experiments;

/// <summary>
/// What a long run tells its caller: stages with a known amount of work (the command line draws them as
/// progress bars with ETAs) and log lines. Implementations must tolerate calls from one thread only.
/// </summary>
public interface IExperimentProgress
{
    /// <summary>A new stage begins; <paramref name="done"/> units of <paramref name="total"/> are already done (a resumed stage).</summary>
    void Begin(string stage, long total, long done = 0);

    /// <summary>The current stage has done <paramref name="done"/> units; <paramref name="detail"/> is e.g. the running loss.</summary>
    void Report(long done, string? detail = null);

    /// <summary>The current stage is complete.</summary>
    void End();

    void Log(string line);
}

/// <summary>Progress that goes nowhere (tests, library use).</summary>
public sealed class SilentProgress : IExperimentProgress
{
    public static readonly SilentProgress Instance = new();
    public void Begin(string stage, long total, long done = 0) { }
    public void Report(long done, string? detail = null) { }
    public void End() { }
    public void Log(string line) { }
}

/// <summary>Reports on the calling thread (<see cref="Progress{T}"/> would post to the thread pool).</summary>
public sealed class CallbackProgress<T>(Action<T> handler) : IProgress<T>
{
    public void Report(T value) => handler(value);
}
