using Engine.Autodiff;
using Engine.Bench.Workloads;

namespace Engine.Bench.Peer;

/// <summary>
/// W8 (<c>W8_maze_reward_step</c>): the maze reward-training step of <see cref="MazeRewardWorkload"/>, with the peer's
/// check fields from the first step (<c>loss_first</c>, <c>g_abs_mean</c>, <c>param_grad_abs_sum</c>). Our weights
/// come from our own generator, so the checks agree with PyTorch's in size only; <c>--check</c> therefore adds
/// <c>fd_max_rel_err</c>: the float64 step's parameter gradient against central differences of its loss along
/// one random direction per parameter tensor and three over all of them.
/// </summary>
public sealed class W8MazeReward : IPeerWorkload
{
    public string Name => "W8";

    public void Run(PeerContext context)
    {
        var w = MazeRewardWorkload.Build();
        var checks = FirstStepChecks(w);
        w.Adam.Step();
        w.Adam.ZeroGrad();
        var timing = context.Measure(w.Step);
        var fields = new List<KeyValuePair<string, object?>>
        {
            new("workload", "W8_maze_reward_step"), new("batch", MazeRewardWorkload.Batch), new("horizon", MazeRewardWorkload.Horizon),
            new("window", MazeRewardWorkload.Window), new("params", w.Reward.Parameters().Sum(p => p.Value.Numel)),
        };
        fields.AddRange(timing.Fields());
        fields.AddRange(checks);
        if (context.Check) fields.Add(new("fd_max_rel_err", FiniteDifferenceError()));
        context.Emit(fields);
    }

    /// <summary>The peer's checks of one step's loss, g and ∂loss/∂θ (left in the parameters' Grad for Adam).</summary>
    private static List<KeyValuePair<string, object?>> FirstStepChecks(MazeRewardWorkload w)
    {
        var (loss, g) = w.LossAndGradient();
        loss.Backward();
        double gradAbsSum = w.Reward.Parameters().Where(p => p.Grad is not null).Sum(p => p.Grad!.Abs().Sum().Item());
        return
        [
            new("loss_first", Math.Round(loss.Item(), 6)), new("g_abs_mean", Sig(g.Abs().Mean().Item())),
            new("param_grad_abs_sum", Sig(gradAbsSum)),
        ];
    }

    /// <summary>
    /// max over directions v of |⟨∂L/∂θ, v⟩ − (L(θ + εv) − L(θ − εv)) / 2ε| / |⟨∂L/∂θ, v⟩|, all in float64.
    /// L is ~1 while its θ-gradient is ~1e-8 per element, so ε = 1e-3 keeps the rounding of the difference
    /// (~1e-16 / ε) small against ⟨∂L/∂θ, v⟩; the truncation error is O(ε²).
    /// </summary>
    public static double FiniteDifferenceError()
    {
        var w = MazeRewardWorkload.Build(DType.Float64);
        var parameters = w.Reward.Parameters().ToArray();
        var loss = w.Loss();
        var grads = Autograd.Grad(loss, parameters.Select(p => p.Value).ToArray(), allowUnused: true);
        var g = new Generator(7);
        var directions = new List<Tensor?[]>();
        for (int i = 0; i < parameters.Length; i++)
            directions.Add(parameters.Select((p, j) => j == i ? Tensor.RandN(g, p.Shape).Cast(DType.Float64) : null).ToArray());
        for (int k = 0; k < 3; k++)
            directions.Add(parameters.Select(p => (Tensor?)Tensor.RandN(g, p.Shape).Cast(DType.Float64)).ToArray());
        const double eps = 1e-3;
        double worst = 0;
        foreach (var v in directions)
        {
            double analytic = 0;
            for (int i = 0; i < parameters.Length; i++)
                if (v[i] is Tensor vi && grads[i] is Tensor gi) analytic += (gi * vi).Sum().Item();
            double Shifted(double s)
            {
                var saved = parameters.Select(p => p.Value).ToArray();
                using (Autograd.NoGrad())
                    for (int i = 0; i < parameters.Length; i++)
                        if (v[i] is Tensor vi) parameters[i].Value = saved[i] + vi * s;
                double value = w.Loss().Item();
                for (int i = 0; i < parameters.Length; i++) parameters[i].Value = saved[i];
                return value;
            }
            double numeric = (Shifted(eps) - Shifted(-eps)) / (2 * eps);
            worst = Math.Max(worst, Math.Abs(numeric - analytic) / Math.Max(Math.Abs(analytic), 1e-300));
        }
        return Sig(worst, 3);
    }

    private static double Sig(double v, int digits = 6) =>
        v == 0 ? 0 : Math.Round(v, Math.Max(0, digits - 1 - (int)Math.Floor(Math.Log10(Math.Abs(v)))));
}
