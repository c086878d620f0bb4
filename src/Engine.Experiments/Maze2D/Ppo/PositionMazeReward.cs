using Engine.Rewards.Evaluation;

namespace Engine.Experiments.Maze2D.Ppo;

/// <summary>
/// The extracted reward as a function of position: the run's reward heatmap — ρ of base-data windows at diffusion
/// time 0, winsorised to [0, 1], every state of a window given its window's score, binned at 1/10 cell and blurred
/// over visited bins with the run's smoothing — read at the agent's bin. This is the field whose maximum the maze
/// evaluation compares with the goal; as a per-step reward it is ρ averaged over the behaviour of the base data at
/// each position, so an agent cannot reach values that ρ gives only to windows the data never contains. Bins the
/// data never visited (and positions outside the maze) give 0, the field's minimum.
/// </summary>
public sealed class PositionMazeReward
{
    private readonly RewardHeatmap _heatmap;

    /// <param name="heatmap">The binned field.</param>
    /// <param name="smoothed">Its blurred values, [rows·10, cols·10] (<see cref="RewardHeatmap.Smoothed"/>).</param>
    public PositionMazeReward(RewardHeatmap heatmap, double[,] smoothed)
    {
        if (smoothed.GetLength(0) != heatmap.Reward.GetLength(0) || smoothed.GetLength(1) != heatmap.Reward.GetLength(1))
            throw new ArgumentException($"PositionMazeReward: field [{smoothed.GetLength(0)}, {smoothed.GetLength(1)}] is not the heatmap's [{heatmap.Reward.GetLength(0)}, {heatmap.Reward.GetLength(1)}]");
        _heatmap = heatmap;
        Field = smoothed;
    }

    /// <summary>The smoothed field, [rows·10, cols·10], 0 on unvisited bins.</summary>
    public double[,] Field { get; }

    /// <summary>Bins the base data visited often enough to carry a value, [rows·10, cols·10].</summary>
    public bool[,] Visited => _heatmap.Valid;

    /// <summary>Where the field is largest (maze coordinates), as the maze evaluation reports it.</summary>
    public (double X, double Y) Maximum => _heatmap.ArgMax(Field);

    /// <summary>r(x, y): the field at the bin of maze position (x, y); 0 outside the field or on an unvisited bin.</summary>
    public double At(double x, double y) =>
        _heatmap.BinOf(x, y) is var (a, b) && _heatmap.Valid[a, b] ? Field[a, b] : 0;
}
