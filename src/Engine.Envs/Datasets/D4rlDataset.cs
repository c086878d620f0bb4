namespace Engine.Envs.Datasets;

/// <summary>Floating-point width of a field on disk.</summary>
public enum StoredPrecision
{
    /// <summary>IEEE float32 (D4RL stores observations, actions and rewards this way).</summary>
    Single,
    /// <summary>IEEE float64 (D4RL's locomotion files keep infos/qpos and infos/qvel this way).</summary>
    Double,
}

/// <summary>Name, width and on-disk precision of one <c>infos/*</c> column.</summary>
/// <param name="Name">Dataset name below the <c>infos</c> group, e.g. "goal".</param>
/// <param name="Width">Values per transition; the HDF5 shape is [N, Width], or [N] when <paramref name="Scalar"/>.</param>
/// <param name="Precision">How the values are written; values are always held as double in memory.</param>
/// <param name="Scalar">Stored as a rank-1 [N] dataset (requires Width = 1).</param>
public sealed record InfoSpec(string Name, int Width, StoredPrecision Precision = StoredPrecision.Double, bool Scalar = false)
{
    /// <summary>Checks the spec: a non-empty name without '/', a positive width, width 1 when scalar.</summary>
    /// <exception cref="ArgumentException">The first rule broken.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name) || Name.Contains('/'))
            throw new ArgumentException($"Info field name '{Name}' must be non-empty and contain no '/'.", nameof(Name));
        if (Width <= 0)
            throw new ArgumentException($"Info field '{Name}' has width {Width}; it must be positive.", nameof(Width));
        if (Scalar && Width != 1)
            throw new ArgumentException($"Info field '{Name}' is scalar but has width {Width}.", nameof(Scalar));
    }
}

/// <summary>One <c>infos/*</c> column in memory. <c>Values: [Count, Spec.Width]</c> row-major.</summary>
/// <param name="Spec">The column's name, width and on-disk precision.</param>
/// <param name="Values">The values, <c>[Count, Spec.Width]</c> row-major.</param>
public sealed record InfoColumn(InfoSpec Spec, double[] Values);

/// <summary>
/// An offline RL dataset in D4RL's layout, held in memory, generic over observation and action sizes.
/// Row t is transition t; episode boundaries are rows whose terminal or timeout flag is set.
/// Shapes: <c>Observations: [Count, ObservationDim]</c>, <c>Actions: [Count, ActionDim]</c>,
/// <c>Rewards, Terminals, Timeouts: [Count]</c>, each info column <c>[Count, Width]</c>.
/// </summary>
public sealed class D4rlDataset
{
    /// <summary>Transitions (rows), N.</summary>
    public int Count { get; }
    /// <summary>Values per observation.</summary>
    public int ObservationDim { get; }
    /// <summary>Values per action.</summary>
    public int ActionDim { get; }
    /// <summary>Observations before each step, <c>[Count, ObservationDim]</c> row-major (the array itself, not a copy).</summary>
    public float[] Observations { get; }
    /// <summary>Actions taken, <c>[Count, ActionDim]</c> row-major.</summary>
    public float[] Actions { get; }
    /// <summary>Reward of each transition, <c>[Count]</c>.</summary>
    public float[] Rewards { get; }
    /// <summary>Whether the episode ended in a terminal state at this row, <c>[Count]</c>.</summary>
    public bool[] Terminals { get; }
    /// <summary>Whether the episode was cut by a time limit at this row, <c>[Count]</c>.</summary>
    public bool[] Timeouts { get; }
    /// <summary>Info columns in insertion order, keyed by name.</summary>
    public IReadOnlyList<InfoColumn> Infos { get; }

    /// <summary>A dataset over the given arrays, which are kept (not copied).</summary>
    /// <param name="observationDim">Values per observation (&gt; 0).</param>
    /// <param name="actionDim">Values per action (&gt; 0).</param>
    /// <param name="observations"><c>[N, observationDim]</c> row-major.</param>
    /// <param name="actions"><c>[N, actionDim]</c> row-major.</param>
    /// <param name="rewards"><c>[N]</c>; its length defines N.</param>
    /// <param name="terminals"><c>[N]</c> terminal flags.</param>
    /// <param name="timeouts"><c>[N]</c> time-limit flags.</param>
    /// <param name="infos">Optional <c>infos/*</c> columns with distinct names, each <c>[N, Width]</c>.</param>
    /// <exception cref="ArgumentException">A size is not positive, an array's length does not match N, or an info column is invalid or repeated.</exception>
    public D4rlDataset(int observationDim, int actionDim, float[] observations, float[] actions, float[] rewards,
        bool[] terminals, bool[] timeouts, IReadOnlyList<InfoColumn>? infos = null)
    {
        if (observationDim <= 0) throw new ArgumentException($"observationDim must be positive, got {observationDim}.", nameof(observationDim));
        if (actionDim <= 0) throw new ArgumentException($"actionDim must be positive, got {actionDim}.", nameof(actionDim));
        ArgumentNullException.ThrowIfNull(observations);
        ArgumentNullException.ThrowIfNull(actions);
        ArgumentNullException.ThrowIfNull(rewards);
        ArgumentNullException.ThrowIfNull(terminals);
        ArgumentNullException.ThrowIfNull(timeouts);
        int n = rewards.Length;
        if (observations.Length != n * observationDim)
            throw new ArgumentException($"observations has {observations.Length} values; expected [{n}, {observationDim}] = {n * observationDim}.", nameof(observations));
        if (actions.Length != n * actionDim)
            throw new ArgumentException($"actions has {actions.Length} values; expected [{n}, {actionDim}] = {n * actionDim}.", nameof(actions));
        if (terminals.Length != n)
            throw new ArgumentException($"terminals has length {terminals.Length}; expected {n} (the length of rewards).", nameof(terminals));
        if (timeouts.Length != n)
            throw new ArgumentException($"timeouts has length {timeouts.Length}; expected {n} (the length of rewards).", nameof(timeouts));
        infos ??= [];
        var names = new HashSet<string>();
        foreach (var column in infos)
        {
            column.Spec.Validate();
            if (!names.Add(column.Spec.Name))
                throw new ArgumentException($"Info field '{column.Spec.Name}' appears twice.", nameof(infos));
            if (column.Values.Length != n * column.Spec.Width)
                throw new ArgumentException($"infos/{column.Spec.Name} has {column.Values.Length} values; expected [{n}, {column.Spec.Width}].", nameof(infos));
        }
        Count = n;
        ObservationDim = observationDim;
        ActionDim = actionDim;
        Observations = observations;
        Actions = actions;
        Rewards = rewards;
        Terminals = terminals;
        Timeouts = timeouts;
        Infos = infos;
    }

    /// <summary>The info column called <paramref name="name"/>, or null.</summary>
    public InfoColumn? Info(string name) => Infos.FirstOrDefault(c => c.Spec.Name == name);

    /// <summary>The observation of row <paramref name="t"/>, <c>[ObservationDim]</c>.</summary>
    public ReadOnlySpan<float> Observation(int t) => Observations.AsSpan(t * ObservationDim, ObservationDim);
    /// <summary>The action of row <paramref name="t"/>, <c>[ActionDim]</c>.</summary>
    public ReadOnlySpan<float> Action(int t) => Actions.AsSpan(t * ActionDim, ActionDim);

    /// <summary>
    /// Episodes as half-open row ranges [start, end): an episode ends after a row whose terminal or timeout
    /// flag is set; trailing rows without a flag form a last, unfinished episode.
    /// </summary>
    public IReadOnlyList<(int Start, int End)> Episodes()
    {
        var result = new List<(int, int)>();
        int start = 0;
        for (int t = 0; t < Count; t++)
        {
            if (Terminals[t] || Timeouts[t])
            {
                result.Add((start, t + 1));
                start = t + 1;
            }
        }
        if (start < Count) result.Add((start, Count));
        return result;
    }
}
