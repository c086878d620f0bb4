namespace Engine.Bench.Peer;

/// <summary>
/// One workload of the peer suite (W1..W6 in /work/shared/peer/README.md). <see cref="Name"/> is what
/// <c>--only</c> selects; <see cref="Run"/> builds its inputs, times them through
/// <see cref="PeerContext.Measure"/> and writes its JSON lines with <see cref="PeerContext.Emit"/>.
/// Workloads with a single timed call can use <see cref="PeerWorkload.Single"/> instead of a class.
/// </summary>
public interface IPeerWorkload
{
    string Name { get; }

    void Run(PeerContext context);
}

/// <summary>A workload that is one timed call: setup returns the action to time.</summary>
public sealed class PeerWorkload(string name, string workload, Func<Action> setup,
    Func<IEnumerable<KeyValuePair<string, object?>>>? extraFields = null) : IPeerWorkload
{
    public string Name => name;

    /// <summary>
    /// The one-line registration, e.g.
    /// <c>PeerWorkload.Single("W6", "W6_op_overhead_100ops_fwd_bwd", () =&gt; { var x = ...; return () =&gt; Chain(x); })</c>.
    /// </summary>
    public static IPeerWorkload Single(string name, string workload, Func<Action> setup,
        Func<IEnumerable<KeyValuePair<string, object?>>>? extraFields = null) =>
        new PeerWorkload(name, workload, setup, extraFields);

    public void Run(PeerContext context)
    {
        Action call = setup();
        PeerTiming t = context.Measure(call);
        var fields = new List<KeyValuePair<string, object?>> { new("workload", workload) };
        fields.AddRange(t.Fields());
        if (extraFields is not null)
            fields.AddRange(extraFields());
        context.Emit(fields);
    }
}
