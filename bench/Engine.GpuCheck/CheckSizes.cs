using Engine.Bench;
using Engine.Bench.Workloads;

namespace Engine.GpuCheck;

/// <summary>
/// Sizes of the GPU check's workloads. <see cref="Peer"/> is ../shared/peer/README.md's definition, which the GPU
/// run times; <see cref="Micro"/> keeps every op of each workload at a size ILGPU's CPU simulator runs in about a
/// second, for the dry run in CI.
/// </summary>
internal sealed record CheckSizes(int[] Gemm, int RewardBatch, DiffuserWorkloads.UnetSize W4, DiffuserWorkloads.UnetSize W5,
    int LocoBatch, int LocoHorizon, int LocoDim, int[] LocoMults, int MazeBatch, int MazeHorizon)
{
    public static CheckSizes Peer { get; } = new([128, 256, 512, 1024, 2048], RewardWorkloads.Batch,
        DiffuserWorkloads.UnetSize.W4, DiffuserWorkloads.UnetSize.W5,
        W7LocomotionPlanning.Batch, W7LocomotionPlanning.Horizon, 32, [1, 2, 4, 8], MazeRewardWorkload.Batch, MazeRewardWorkload.Horizon);

    /// <summary>Horizons of 8 (two U-Net levels, two reward windows), width 8 (one group-norm group of 8 channels), batch 2.</summary>
    public static CheckSizes Micro { get; } = new([16, 32], 4,
        new DiffuserWorkloads.UnetSize(2, 8, 8, [1, 2], 4), new DiffuserWorkloads.UnetSize(2, 8, 8, [1, 2], 4),
        2, 8, 8, [1, 2], 2, 8);
}
