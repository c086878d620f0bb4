using Engine.Envs;
using Engine.Envs.Maze2D;

namespace Engine.Experiments.Maze2D.Ppo;

/// <summary>How an agent is rewarded in the maze.</summary>
public enum MazeRewardKind
{
    /// <summary>D4RL's sparse reward: 1 within 0.5 of the goal, else 0 (the ground truth).</summary>
    True,
    /// <summary>rₜ = ρ(window of the last h transitions, ending with this one), the extracted reward as is.</summary>
    Window,
    /// <summary>rₜ = γ·Φₜ₊₁ − Φₜ with Φ = ρ(window ending at the step): potential-based shaping of the extracted reward, which keeps the optimal policies of any underlying reward (Ng et al., 1999).</summary>
    Shaping,
}

/// <summary>
/// A Maze2D episode towards one goal (D4RL reset: a random free cell, small noise; the task's step limit) whose
/// reward is the ground truth or the extracted reward (<see cref="MazeRewardKind"/>). The ground-truth return of the
/// running episode is kept in <see cref="TrueReturn"/> either way, so agents trained on any reward are scored alike.
/// The window before the first step is padded with the first transition repeated.
/// </summary>
public sealed class MazeRewardEnvironment : IEnvironment
{
    private readonly Maze2DEnvironment maze;
    private readonly MazeRewardKind kind;
    private readonly ExtractedMazeReward? reward;
    private readonly double gamma;
    private readonly List<double[]> transitions = []; // (action, observation) rows, the observation before the action
    private double[] observation = [];
    private double potential;

    public MazeRewardEnvironment(Maze2DTask task, (double X, double Y) goal, MazeRewardKind kind, ExtractedMazeReward? reward, double gamma = 0.99)
    {
        if (kind != MazeRewardKind.True && reward is null) throw new ArgumentException($"MazeRewardEnvironment: the {kind} reward needs an extracted reward");
        maze = new Maze2DEnvironment(task) { Target = goal };
        this.kind = kind;
        this.reward = reward;
        this.gamma = gamma;
    }

    public string Name => $"{maze.Name}-{kind.ToString().ToLowerInvariant()}";
    public BoxSpace ObservationSpace => maze.ObservationSpace;
    public BoxSpace ActionSpace => maze.ActionSpace;
    public int MaxEpisodeSteps => maze.MaxEpisodeSteps;

    /// <summary>Sparse ground-truth return of the running (or just finished) episode.</summary>
    public double TrueReturn { get; private set; }

    public double[] Reset(ulong seed)
    {
        observation = maze.Reset(seed);
        transitions.Clear();
        TrueReturn = 0;
        potential = 0;
        return observation;
    }

    public StepResult Step(ReadOnlySpan<double> action)
    {
        var row = new double[6];
        row[0] = Math.Clamp(action[0], -1, 1);
        row[1] = Math.Clamp(action[1], -1, 1);
        Array.Copy(observation, 0, row, 2, 4);
        var step = maze.Step(action);
        observation = step.Observation;
        TrueReturn += step.Reward;
        transitions.Add(row);
        double r = step.Reward;
        if (kind != MazeRewardKind.True)
        {
            double rho = reward!.Evaluate(Window());
            if (kind == MazeRewardKind.Window) r = rho;
            else
            {
                // Φ of the state before the first step is taken as 0 (the window does not exist yet).
                r = (transitions.Count == 1 ? 0 : gamma * rho - potential);
                potential = rho;
            }
        }
        return step with { Reward = r };
    }

    private double[] Window()
    {
        int h = reward!.Horizon;
        var w = new double[h * 6];
        for (int k = 0; k < h; k++)
        {
            int i = Math.Max(0, transitions.Count - h + k);
            Array.Copy(transitions[i], 0, w, k * 6, 6);
        }
        return w;
    }

    public void Dispose() => maze.Dispose();
}
