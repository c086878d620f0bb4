using System.Text.Json;

namespace Engine.Experiments.Maze2D;

/// <summary>What one (maze, goal, seed) run measured; written as <c>goal&lt;k&gt;/seed&lt;s&gt;/result.json</c> with a SHA-256 sidecar.</summary>
public sealed record GoalRunResult
{
    public string Maze { get; init; } = "";
    public MazeGoal Goal { get; init; }
    public int Seed { get; init; }

    /// <summary>A validation seed (<see cref="Maze2DSeeds.IsValidation"/>): for tuning, never in the headline.</summary>
    public bool Validation { get; init; }

    public double GoalX { get; init; }
    public double GoalY { get; init; }

    /// <summary>Position of the maximum of the smoothed heatmap (maze coordinates).</summary>
    public double MaxX { get; init; }
    public double MaxY { get; init; }
    public double Distance { get; init; }

    /// <summary>The paper's criterion: the maximum lies within one cell of the goal.</summary>
    public bool Correct { get; init; }

    /// <summary>
    /// The stricter criterion: of the goal's competitors (<see cref="GoalCriteria.Competitors"/>: the maze's eight
    /// paper goals, plus the goal itself when it is a point), the true one is the nearest to the maximum. In umaze most
    /// goals lie within one cell of another, so the paper's criterion alone can accept a neighbour.
    /// </summary>
    public bool NearestGoal { get; init; }

    /// <summary>Hit rates of a uniformly random free-space maximum under each criterion (<see cref="GoalCriteria.Chance(Maze2DConfig, MazeGoal)"/>).</summary>
    public double ChanceWithinOneCell { get; init; }
    public double ChanceNearestGoal { get; init; }

    /// <summary>Logistic-regression balanced accuracy on held-out windows, learned reward, with its 95 % bootstrap interval over held-out episodes.</summary>
    public double Discriminability { get; init; }
    public double DiscriminabilityLow { get; init; }
    public double DiscriminabilityHigh { get; init; }
    public double DiscriminabilityTrain { get; init; }

    /// <summary>The held-out windows' outcomes per episode, from which the intervals of this run and of every summary are bootstrapped.</summary>
    public HeldOutTallies HeldOut { get; init; } = new([], []);

    /// <summary>The same for the discriminator baseline (NaN when disabled).</summary>
    public double DiscriminatorDiscriminability { get; init; } = double.NaN;

    /// <summary>Goal criterion applied to the discriminator's heatmap (null when disabled).</summary>
    public bool? DiscriminatorCorrect { get; init; }

    /// <summary>Mean distance to the goal of plans from the base model, unguided and guided by the learned reward (NaN when not run).</summary>
    public double UnsteeredGoalDistance { get; init; } = double.NaN;
    public double SteeredGoalDistance { get; init; } = double.NaN;

    /// <summary>The same plans guided by the discriminator's log p(expert | x_t) at the same ω (NaN when not run).</summary>
    public double DiscriminatorSteeredGoalDistance { get; init; } = double.NaN;

    public double FinalRewardLoss { get; init; }
    public double HeldOutRewardLoss { get; init; }

    /// <summary>The heatmap PNG, relative to the maze's run folder.</summary>
    public string Heatmap { get; init; } = "";
}

/// <summary>One maze's run: configuration, per-run results, timings.</summary>
public sealed record Maze2DResults
{
    public required Maze2DConfig Config { get; init; }
    public required List<GoalRunResult> Runs { get; init; }
    public required Dictionary<string, double> StageSeconds { get; init; }
    public required Dictionary<string, double> DiffusionFinalLoss { get; init; }
    public required Dictionary<string, int[]> Episodes { get; init; }
    public string Machine { get; init; } = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}";

    public double MeanDiscriminability => Runs.Count == 0 ? double.NaN : Runs.Average(r => r.Discriminability);

    /// <summary>The config's JSON settings, plus NaN/∞ as named literals (disabled parts are NaN).</summary>
    public static readonly JsonSerializerOptions Json = new(Maze2DConfig.Json) { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };
}
