namespace Engine.Bench.Peer;

/// <summary>The registry: one line per workload, in the order the peer runs them.</summary>
public static class PeerWorkloads
{
    public static IReadOnlyList<IPeerWorkload> All { get; } =
    [
        new W1Sgemm(),
        // W2..W6 go here, e.g.: PeerWorkload.Single("W3", "W3_hvp", W3.Setup, W3.CheckFields),
    ];
}
