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
    /// <summary>rₜ = ρ(window ending with this step) with every normalised input clipped to the base data's range [−1, 1].</summary>
    ClippedWindow,
    /// <summary>rₜ = the run's smoothed reward heatmap at the position reached (<see cref="PositionMazeReward"/>): ρ averaged over the base data's windows through each position.</summary>
    Position,
}

/// <summary>The names of <see cref="MazeRewardKind"/> on the command line and in result file names.</summary>
public static class MazeRewardKindNames
{
    /// <summary>"true", "window", "window-clipped", "shaping", "position".</summary>
    public static string Name(this MazeRewardKind kind) =>
        kind == MazeRewardKind.ClippedWindow ? "window-clipped" : kind.ToString().ToLowerInvariant();
}

/// <summary>
/// A Maze2D episode towards one goal (D4RL reset: a random free cell, small noise; the task's step limit) whose
/// reward is the ground truth or the extracted reward (<see cref="MazeRewardKind"/>). The ground-truth return of the
/// running episode is kept in <see cref="TrueReturn"/> either way, so agents trained on any reward are scored alike.
/// The window before the first step is padded with the first transition repeated.
/// </summary>
public sealed class MazeRewardEnvironment : IEnvironment
{
    private readonly Maze2DEnvironment _maze;
    private readonly MazeRewardKind _kind;
    private readonly ExtractedMazeReward? _reward;
    private readonly PositionMazeReward? _position;
    private readonly double _gamma;
    private readonly List<double[]> _transitions = []; // (action, observation) rows, the observation before the action
    private double[] _observation = [];
    private double _potential;

    public MazeRewardEnvironment(Maze2DTask task, (double X, double Y) goal, MazeRewardKind kind, ExtractedMazeReward? reward, double gamma = 0.99)
    {
        if (kind != MazeRewardKind.True && reward is null) throw new ArgumentException($"MazeRewardEnvironment: the {kind} reward needs an extracted reward");
        _maze = new Maze2DEnvironment(task) { Target = goal };
        _kind = kind;
        _reward = reward;
        _position = kind == MazeRewardKind.Position ? reward!.Position() : null;
        _gamma = gamma;
    }

    public string Name => $"{_maze.Name}-{_kind.Name()}";
    public BoxSpace ObservationSpace => _maze.ObservationSpace;
    public BoxSpace ActionSpace => _maze.ActionSpace;
    public int MaxEpisodeSteps => _maze.MaxEpisodeSteps;

    /// <summary>Sparse ground-truth return of the running (or just finished) episode.</summary>
    public double TrueReturn { get; private set; }

    public double[] Reset(ulong seed)
    {
        _observation = _maze.Reset(seed);
        _transitions.Clear();
        TrueReturn = 0;
        _potential = 0;
        return _observation;
    }

    public StepResult Step(ReadOnlySpan<double> action)
    {
        var row = new double[6];
        row[0] = Math.Clamp(action[0], -1, 1);
        row[1] = Math.Clamp(action[1], -1, 1);
        Array.Copy(_observation, 0, row, 2, 4);
        var step = _maze.Step(action);
        _observation = step.Observation;
        TrueReturn += step.Reward;
        _transitions.Add(row);
        double r = step.Reward;
        if (_position is not null) r = _position.At(_observation[0], _observation[1]); // D4RL scores the state reached, so does this
        else if (_kind != MazeRewardKind.True)
        {
            double rho = _reward!.Evaluate(Window(), clipToData: _kind == MazeRewardKind.ClippedWindow);
            if (_kind is MazeRewardKind.Window or MazeRewardKind.ClippedWindow) r = rho;
            else
            {
                // Φ of the state before the first step is taken as 0 (the window does not exist yet).
                r = (_transitions.Count == 1 ? 0 : _gamma * rho - _potential);
                _potential = rho;
            }
        }
        return step with { Reward = r };
    }

    private double[] Window()
    {
        int h = _reward!.Horizon;
        var w = new double[h * 6];
        for (int k = 0; k < h; k++)
        {
            int i = Math.Max(0, _transitions.Count - h + k);
            Array.Copy(_transitions[i], 0, w, k * 6, 6);
        }
        return w;
    }

    public void Dispose() => _maze.Dispose();
}
