using Engine.Diffusion;
using Engine.NN;

namespace Engine.Rewards.Extraction;

/// <summary>
/// Standard scaling per diffusion step and per coordinate (paper appendix E.1.6, the Stable Diffusion experiment):
/// z = (x − m_t) / s_t with m_t, s_t: […sample] the mean and standard deviation of the pre-generated x at step t.
/// A reward trained on scaled tuples is a function of z; <see cref="Wrap"/> makes it a function of x again, so its
/// x-gradient (for steering) carries the 1/s_t of the chain rule.
/// </summary>
public sealed class StepStandardScaling
{
    /// <summary>Standard deviations below this are raised to it (a coordinate that never varies at a step).</summary>
    public const double MinStd = 1e-6;

    private readonly float[] _mean, _std; // [T, row]
    private readonly int _row;

    private StepStandardScaling(float[] mean, float[] std, int steps, int[] sampleShape)
    {
        _mean = mean; _std = std; Steps = steps; SampleShape = sampleShape;
        _row = sampleShape.Aggregate(1, (a, b) => a * b);
    }

    /// <summary>Diffusion steps T.</summary>
    public int Steps { get; }

    /// <summary>The shape of one sample.</summary>
    public IReadOnlyList<int> SampleShape { get; }

    /// <summary>Fits m_t and s_t (population standard deviation) to the first <paramref name="count"/> rows of <paramref name="x"/> ([count, row]) at steps <paramref name="t"/>.</summary>
    internal static StepStandardScaling Fit(float[] x, int[] t, int count, int steps, int[] sampleShape)
    {
        int row = sampleShape.Aggregate(1, (a, b) => a * b);
        var sum = new double[steps * row];
        var sq = new double[steps * row];
        var n = new int[steps];
        for (int i = 0; i < count; i++)
        {
            int s = t[i];
            if (s < 0 || s >= steps) throw new ArgumentException($"StepStandardScaling: step {s} outside [0, {steps})");
            n[s]++;
            for (int j = 0; j < row; j++)
            {
                double v = x[i * row + j];
                sum[s * row + j] += v;
                sq[s * row + j] += v * v;
            }
        }
        var mean = new float[steps * row];
        var std = new float[steps * row];
        for (int s = 0; s < steps; s++)
            for (int j = 0; j < row; j++)
            {
                int k = s * row + j;
                // A step with no tuples keeps the identity map.
                double m = n[s] == 0 ? 0 : sum[k] / n[s];
                double var = n[s] == 0 ? 1 : Math.Max(0, sq[k] / n[s] - m * m);
                mean[k] = (float)m;
                std[k] = (float)Math.Max(MinStd, Math.Sqrt(var));
            }
        return new StepStandardScaling(mean, std, steps, sampleShape);
    }

    /// <summary>Scales one host row in place: <paramref name="data"/>[offset …] at step <paramref name="step"/>.</summary>
    internal void ApplyRow(float[] data, int offset, int step)
    {
        for (int j = 0; j < _row; j++) data[offset + j] = (data[offset + j] - _mean[step * _row + j]) / _std[step * _row + j];
    }

    /// <summary>z = (x − m_t)/s_t for x: [batch, …sample] and steps t (length batch), differentiable in x.</summary>
    public Tensor Apply(Tensor x, int[] t)
    {
        if (x.Rank != SampleShape.Count + 1 || !x.Shape.Skip(1).SequenceEqual(SampleShape) || x.Shape[0] != t.Length)
            throw new ArgumentException($"StepStandardScaling: x must be [{t.Length}, {string.Join(", ", SampleShape)}], got {ShapeFormat.Of(x)}");
        return (x - Gather(_mean, t, x)) / Gather(_std, t, x);
    }

    private Tensor Gather(float[] table, int[] t, Tensor like)
    {
        var v = new float[t.Length * _row];
        for (int b = 0; b < t.Length; b++)
        {
            if (t[b] < 0 || t[b] >= Steps) throw new ArgumentException($"StepStandardScaling: step {t[b]} outside [0, {Steps})");
            Array.Copy(table, t[b] * _row, v, b * _row, _row);
        }
        var c = Tensor.FromHost(v, [t.Length, .. SampleShape], like.Backend);
        return like.DType == DType.Float32 ? c : c.Cast(like.DType);
    }

    /// <summary>The reward of raw samples: x, t ↦ <paramref name="reward"/>(z(x, t), t) (for evaluation and guidance).</summary>
    public Reward Wrap(ITrajectoryModel reward) => (x, t) => reward.Forward(Apply(x, t.ToArrayInt()), t);

    /// <summary>
    /// The reward for guidance in the scaled space: its value is <paramref name="reward"/>(z(x, t), t), but its
    /// x-gradient is s_t ⊙ ∇_z ρ (a step ω∇_z ρ in z is the step ω s_t ∇_z ρ in x). As ∇_z ρ ≈ (μ_E − μ_B)/s_t after
    /// training, a guide of scale 1 (not multiplied by the posterior variance) moves the base model's mean by about
    /// μ_E − μ_B, the expert's own step: ω = 1 is "as far as the expert", whatever the scaling.
    /// </summary>
    public Reward GuideInScaledSpace(ITrajectoryModel reward) => (x, t) =>
    {
        var steps = t.ToArrayInt();
        var z = Apply(x, steps).Detach() + (x - x.Detach()) * Gather(_std, steps, x);
        return reward.Forward(z, t);
    };

    /// <summary>Writes m and s ([T, …sample] each) atomically.</summary>
    public void Save(string path) => SafeTensors.Save(path, new Dictionary<string, Tensor>
    {
        ["mean"] = Tensor.FromArray(_mean, [Steps, .. SampleShape]),
        ["std"] = Tensor.FromArray(_std, [Steps, .. SampleShape]),
    });

    /// <summary>Reads what <see cref="Save"/> wrote; another layout is an <see cref="Engine.IO.InputException"/> naming the file.</summary>
    public static StepStandardScaling Load(string path)
    {
        var f = SafeTensors.Load(path);
        if (!f.TryGetValue("mean", out var m) || !f.TryGetValue("std", out var s) || m.Rank < 2 || !m.Shape.SequenceEqual(s.Shape)
            || m.DType != DType.Float32 || s.ToArrayFloat().Any(v => !(v > 0)))
            throw new Engine.IO.InputException("not a step-scaling file", Engine.IO.InputException.Location(path), "it needs mean and std [T, …] (float32, std > 0)");
        return new StepStandardScaling(m.ToArrayFloat(), s.ToArrayFloat(), m.Shape[0], m.Shape[1..]);
    }
}
