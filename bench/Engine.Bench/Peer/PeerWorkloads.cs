using Engine.Bench.Workloads;

namespace Engine.Bench.Peer;

/// <summary>The registry: one line per workload, in the order the peer runs them.</summary>
public static class PeerWorkloads
{
    public static IReadOnlyList<IPeerWorkload> All { get; } =
    [
        new W1Sgemm(),
        PeerWorkload.Single("W2", "W2_reward_align_step", () => RewardWorkloads.W2RewardAlignmentStep(), Batch(256)),
        PeerWorkload.Single("W3", "W3_hvp", () => RewardWorkloads.W3HessianVectorProduct(), Batch(256)),
        PeerWorkload.Single("W4", "W4_unet_train_step", DiffuserWorkloads.W4Step, Batch(32)),
        PeerWorkload.Single("W5", "W5_ddpm_sample", () => DiffuserWorkloads.W5Step(guided: false), Batch(64)),
        PeerWorkload.Single("W5", "W5_ddpm_sample_guided", () => DiffuserWorkloads.W5Step(guided: true), Batch(64)),
        PeerWorkload.Single("W6", "W6_op_overhead_100ops_fwd_bwd", RewardWorkloads.W6PerOpOverhead),
        new W7LocomotionPlanning(),
        new W8MazeReward(),
        PeerWorkload.Single("W9", "W9_unet2d_train_step", UNet2DWorkload.W9Step,
            () => [new("batch", UNet2DWorkload.Batch), new("size", UNet2DWorkload.Size), new("params", UNet2DWorkload.Network(new Generator(0)).ParameterCount())]),
    ];

    /// <summary>The peer's rows carry their batch size; ours must too, so the comparison pairs them.</summary>
    private static Func<IEnumerable<KeyValuePair<string, object?>>> Batch(int batch) => () => [new("batch", batch)];
}
