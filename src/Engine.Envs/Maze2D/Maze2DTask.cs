namespace Engine.Envs.Maze2D;

/// <summary>Sparse: 1 within 0.5 of the target, else 0. Dense: exp(−distance to the target).</summary>
public enum MazeReward
{
    /// <summary>1 within distance 0.5 of the target, else 0.</summary>
    Sparse,
    /// <summary>exp(−‖position − target‖).</summary>
    Dense,
}

/// <summary>
/// A registered D4RL Maze2D environment (D4RL's d4rl/pointmaze/__init__.py): layout, episode limit, reward kind and the reference returns
/// used for the D4RL-normalised score (random policy = 0, waypoint controller = 1).
/// </summary>
/// <param name="Id">D4RL's environment id, e.g. "maze2d-umaze-v1".</param>
/// <param name="Layout">The maze.</param>
/// <param name="MaxEpisodeSteps">Step limit of an episode.</param>
/// <param name="Reward">Sparse or dense reward.</param>
/// <param name="RefMinScore">D4RL's reference return of a random policy (normalised score 0).</param>
/// <param name="RefMaxScore">D4RL's reference return of the waypoint controller (normalised score 1).</param>
public sealed record Maze2DTask(string Id, MazeLayout Layout, int MaxEpisodeSteps, MazeReward Reward, double RefMinScore, double RefMaxScore)
{
    /// <summary>(return − ref_min) / (ref_max − ref_min); multiply by 100 for the usual percentage.</summary>
    public double NormalizedScore(double episodeReturn) => (episodeReturn - RefMinScore) / (RefMaxScore - RefMinScore);

    /// <summary>maze2d-open-v0: open layout, 150 steps, sparse.</summary>
    public static readonly Maze2DTask OpenV0 = new("maze2d-open-v0", MazeLayout.Open, 150, MazeReward.Sparse, 0.01, 20.66);
    /// <summary>maze2d-umaze-v0: 150 steps, sparse.</summary>
    public static readonly Maze2DTask UMazeV0 = new("maze2d-umaze-v0", MazeLayout.UMaze, 150, MazeReward.Sparse, 0.94, 62.6);
    /// <summary>maze2d-medium-v0: 250 steps, sparse.</summary>
    public static readonly Maze2DTask MediumV0 = new("maze2d-medium-v0", MazeLayout.Medium, 250, MazeReward.Sparse, 5.77, 85.14);
    /// <summary>maze2d-large-v0: 600 steps, sparse.</summary>
    public static readonly Maze2DTask LargeV0 = new("maze2d-large-v0", MazeLayout.Large, 600, MazeReward.Sparse, 4.83, 191.99);
    /// <summary>maze2d-umaze-v1: 300 steps, sparse (the paper's umaze).</summary>
    public static readonly Maze2DTask UMazeV1 = new("maze2d-umaze-v1", MazeLayout.UMaze, 300, MazeReward.Sparse, 23.85, 161.86);
    /// <summary>maze2d-medium-v1: 600 steps, sparse (the paper's medium maze).</summary>
    public static readonly Maze2DTask MediumV1 = new("maze2d-medium-v1", MazeLayout.Medium, 600, MazeReward.Sparse, 13.13, 277.39);
    /// <summary>maze2d-large-v1: 800 steps, sparse (the paper's large maze).</summary>
    public static readonly Maze2DTask LargeV1 = new("maze2d-large-v1", MazeLayout.Large, 800, MazeReward.Sparse, 6.7, 273.99);
    /// <summary>maze2d-open-dense-v0: 150 steps, dense.</summary>
    public static readonly Maze2DTask OpenDenseV0 = new("maze2d-open-dense-v0", MazeLayout.Open, 150, MazeReward.Dense, 11.17817, 27.166538620695782);
    /// <summary>maze2d-umaze-dense-v0: 150 steps, dense.</summary>
    public static readonly Maze2DTask UMazeDenseV0 = new("maze2d-umaze-dense-v0", MazeLayout.UMaze, 150, MazeReward.Dense, 23.249793, 81.78995240126592);
    /// <summary>maze2d-medium-dense-v0: 250 steps, dense.</summary>
    public static readonly Maze2DTask MediumDenseV0 = new("maze2d-medium-dense-v0", MazeLayout.Medium, 250, MazeReward.Dense, 19.477620, 96.03474232952358);
    /// <summary>maze2d-large-dense-v0: 600 steps, dense.</summary>
    public static readonly Maze2DTask LargeDenseV0 = new("maze2d-large-dense-v0", MazeLayout.Large, 600, MazeReward.Dense, 27.388310, 215.09965671563742);
    /// <summary>maze2d-umaze-dense-v1: 300 steps, dense.</summary>
    public static readonly Maze2DTask UMazeDenseV1 = new("maze2d-umaze-dense-v1", MazeLayout.UMaze, 300, MazeReward.Dense, 68.537689, 193.66285642381482);
    /// <summary>maze2d-medium-dense-v1: 600 steps, dense.</summary>
    public static readonly Maze2DTask MediumDenseV1 = new("maze2d-medium-dense-v1", MazeLayout.Medium, 600, MazeReward.Dense, 44.264742, 297.4552547777125);
    /// <summary>maze2d-large-dense-v1: 800 steps, dense.</summary>
    public static readonly Maze2DTask LargeDenseV1 = new("maze2d-large-dense-v1", MazeLayout.Large, 800, MazeReward.Dense, 30.569041, 303.4857382709002);

    /// <summary>Every registered task: the sparse v0 and v1 tasks, then the dense ones.</summary>
    public static IReadOnlyList<Maze2DTask> All { get; } =
    [
        OpenV0, UMazeV0, MediumV0, LargeV0, UMazeV1, MediumV1, LargeV1,
        OpenDenseV0, UMazeDenseV0, MediumDenseV0, LargeDenseV0, UMazeDenseV1, MediumDenseV1, LargeDenseV1,
    ];

    /// <summary>The four environments of the paper's maze experiments, in the paper's order.</summary>
    public static IReadOnlyList<Maze2DTask> Paper { get; } = [OpenV0, UMazeV0, MediumV1, LargeV1];

    /// <summary>
    /// The environment of a user's layout (<see cref="MazeLayoutFile"/>): sparse reward, a 1000-step limit (the
    /// datasets' episode cap) and no D4RL reference returns (the normalised score is NaN).
    /// </summary>
    public static Maze2DTask Custom(MazeLayout layout) => new($"maze2d-custom-{layout.Name}", layout, 1000, MazeReward.Sparse, double.NaN, double.NaN);

    /// <summary>
    /// A task by D4RL id, or by layout name ("open", "umaze", "medium", "large") meaning the paper's environment.
    /// An unknown name is an <see cref="Engine.IO.InputException"/> at <paramref name="where"/> (the option or setting that gave it).
    /// </summary>
    public static Maze2DTask Named(string name, string where = "maze")
    {
        var byId = All.FirstOrDefault(t => string.Equals(t.Id, name, StringComparison.OrdinalIgnoreCase));
        if (byId is not null) return byId;
        var byLayout = Paper.FirstOrDefault(t => string.Equals(t.Layout.Name, name, StringComparison.OrdinalIgnoreCase));
        return byLayout ?? throw new Engine.IO.InputException($"unknown Maze2D environment '{name}'", where,
            $"use open, umaze, medium, large or a D4RL id ({string.Join(", ", All.Select(t => t.Id))})");
    }
}
