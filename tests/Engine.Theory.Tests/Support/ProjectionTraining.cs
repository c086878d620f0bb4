using Engine.Diffusion;
using Engine.NN;
using Engine.Rewards.Extraction;

namespace Engine.Theory.Tests.Support;

/// <summary>
/// Proposition 4.3 / Definition 4.4 with the production trainer, at one diffusion step t: a target field v on ℝ²
/// ([M][2] → [M][2]), x_t's law q_t (the weight of Eq. 11's expectation), the q_t-weighted projection h of v onto
/// gradients (<see cref="WeightedProjection"/>, 40×40 cells on q_t's box), and a <see cref="RelativeRewardTrainer"/> with
/// the maze reward network (<see cref="SingleStepRewardMLP"/>: Mish, two hidden layers of <c>width</c> units, float64)
/// fed by a <see cref="ClosedFormAlignmentSource"/> (μ_E − μ_B = v, gradient at x_t). ε = ‖∇ρ − h‖²_q on the grid.
/// </summary>
public sealed class ProjectionTraining
{
    private readonly NoisedMixture _weight;
    private readonly Func<double[][], double[][]> _field;
    private readonly int _step;

    /// <param name="projection">The projection of this field and weight when it is already computed (it costs a CG solve).</param>
    /// <param name="learningRate">Adam's step size (batches of 128, no EMA).</param>
    public ProjectionTraining(NoisedMixture weight, Func<double[][], double[][]> field, int step, DiffusionSchedule schedule, Generator g, int width = 32,
        WeightedProjection? projection = null, double learningRate = 3e-3)
    {
        _weight = weight; _field = field; _step = step;
        var (lo, hi) = weight.Box();
        Projection = projection ?? new WeightedProjection(field, weight.Density, lo, hi, cells: 40);
        SingleStepRewardMLP Net() => new(1, 2, g, dim: 1, embedDim: 4, dimMults: [width, width], activation: () => new Mish(), dtype: DType.Float64);
        Reward = Net();
        var options = new RelativeRewardOptions { BatchSize = 128, LearningRate = learningRate, Point = AlignmentPoint.NoisyInput, StepStartEma = int.MaxValue };
        Trainer = new RelativeRewardTrainer(Reward, Net(), new ClosedFormAlignmentSource(weight, field, step), g, options, schedule);
    }

    /// <summary>v on the faces, its projection h and the weight.</summary>
    public WeightedProjection Projection { get; }

    public SingleStepRewardMLP Reward { get; }

    public RelativeRewardTrainer Trainer { get; }

    /// <summary>‖v − h‖²_q: the part of v no reward gradient can fit.</summary>
    public double Residual => Projection.Norm2(Projection.Field - Projection.Projection);

    /// <summary>ε = ‖∇ρ − h‖²_q for the reward as it stands.</summary>
    public double Error() => Projection.Norm2(Projection.OnFaces(RewardGradient(Projection.Points)) - Projection.Projection);

    /// <summary>Trains up to each checkpoint (ascending trainer steps) and returns ε there.</summary>
    public double[] ErrorsAt(params int[] checkpoints)
    {
        var errors = new double[checkpoints.Length];
        for (int k = 0; k < checkpoints.Length; k++)
        {
            while (Trainer.Step < checkpoints[k]) Trainer.TrainStep();
            errors[k] = Error();
        }
        return errors;
    }

    /// <summary>∇ₓρ(x, t) at each point ([M][2]), through the production <see cref="GradientAlignment.RewardGradient"/>.</summary>
    public double[][] RewardGradient(double[][] points)
    {
        var z = Tensor.FromArray(points.SelectMany(p => p).ToArray(), points.Length, 1, 2);
        var (_, _, grad) = GradientAlignment.RewardGradient(Reward, z, Enumerable.Repeat(_step, points.Length).ToArray());
        return TensorRows.FromFlat(grad.ToArrayDouble(), points.Length, 2);
    }

    /// <summary>
    /// The trainer's own residual E_q‖∇ρ − v‖² by Monte Carlo (<paramref name="samples"/> draws of q_t) and its
    /// standard error. By Pythagoras (Cor. C.9) it is ‖v − h‖²_q + ε: the part no ρ removes is the non-conservative one.
    /// </summary>
    public (double Mean, double StandardError) AlignmentResidual(Normals rnd, int samples)
    {
        var points = Enumerable.Range(0, samples).Select(_ => _weight.Sample(rnd)).ToArray();
        var grads = RewardGradient(points);
        var v = _field(points);
        var perSample = points.Select((_, k) => Math.Pow(grads[k][0] - v[k][0], 2) + Math.Pow(grads[k][1] - v[k][1], 2)).ToArray();
        return (perSample.Average(), Math.Sqrt(GaussianMoments.Variance(perSample) / samples));
    }
}
