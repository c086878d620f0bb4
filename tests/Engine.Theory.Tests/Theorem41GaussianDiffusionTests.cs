using Engine.Autodiff;
using Engine.Diffusion;
using Engine.Testing;
using Engine.Theory.Tests.Support;
using FsCheck;

namespace Engine.Theory.Tests;

/// <summary>
/// Theorem 4.1 on the engine's own reverse chain: <see cref="GaussianDiffusion.PSampleLoop"/> with the production
/// guidance path (<see cref="GaussianDiffusion.GuidedPSample"/>: x ← x + ω σ̃²_t ∇ρ(x), then one ancestral step), base
/// and expert denoisers known in closed form. The base is the exact denoiser of Gaussian data
/// (<see cref="GaussianDataDenoiser"/>), whose posterior mean is affine in x, so the guidance convention (shift the input,
/// then denoise) shifts the mean by exactly J_t ω σ̃²_t ∇ρ; the expert's mean is the base mean plus that shift for a field F
/// (<see cref="GuidanceMatchedDenoiser"/>). Chains with one noise seed share x_T and every step's noise.
/// </summary>
public class Theorem41GaussianDiffusionTests
{
    private const int Batch = 8;

    /// <summary>
    /// Existence (Eq. 9): with F = ∇Φ for a random smooth Φ (closed-form gradient in the expert, engine autodiff in the
    /// guidance), the base chain guided by ρ = Φ through <see cref="GaussianDiffusion.PSampleLoop"/> — random ω, random
    /// t_stopgrad ∈ {0, 1, 2}, σ̃²-scaled gradient — is the expert chain under shared noise, every state to rounding,
    /// for random horizons (1–2), channels (1–3) and T (5–20). Not vacuous: the unguided chain misses the expert's by
    /// more than 10³ × the tolerance. Negative control: the other scale convention (x + ω∇ρ, no σ̃²) is rejected.
    /// </summary>
    [EngineProperty(MaxTest = 6)]
    public void Guided_base_chain_is_the_expert_chain_when_the_mean_difference_is_a_gradient(DoNotSize<int> seed)
    {
        var rnd = new Normals(seed.Item);
        var (baseModel, expertModel, phi, guide, _) = GradientPair(rnd, rnd.Int(1, 3), rnd.Int(1, 4), rnd.Int(5, 21), rnd.Int(0, 3));
        ulong noise = (ulong)(uint)seed.Item;

        var expert = ReverseChain.Run(expertModel, Batch, noise);
        double tolerance = ReverseChain.Tolerance(expert);
        double Gap(double[][] chain) => ReverseChain.GapPerChain(chain, expert, Batch).Max();

        double guided = Gap(ReverseChain.Run(baseModel, Batch, noise, ReverseChain.Potential(phi), guide));
        double unguided = Gap(ReverseChain.Run(baseModel, Batch, noise));
        double otherConvention = Gap(ReverseChain.Run(baseModel, Batch, noise, ReverseChain.Potential(phi), guide with { ScaleGradByStd = false }));
        string trace = $"gap guided {guided:E2}, unguided {unguided:E2}, unscaled guidance {otherConvention:E2}, tolerance {tolerance:E2}";
        Assert.True(guided <= tolerance, trace);
        Assert.True(unguided > 1e3 * tolerance, trace);
        Assert.True(otherConvention > 1e3 * tolerance, trace);
    }

    /// <summary>
    /// Uniqueness up to a constant, with Eq. (10) on the engine: F(x) = (μ_E − μ_B)(x, t)/(J_t ω σ̃²_t), the field any
    /// reproducing ρ must have as gradient, is read off the two engine diffusions; its line integral along the expert
    /// chain's states x_T → x_{T−1} → … → x₀ (one chain, Gauss–Legendre) equals Φ(x_k) − Φ(x_T) at every state, so the
    /// reward is fixed by the two models up to the constant Φ(x_T). The reward Φ + c reproduces the chain too (to
    /// rounding). Negative control: the line integral of F at a step below t_stopgrad, where the models agree and
    /// F = 0, does not match Φ's increments.
    /// </summary>
    [EngineProperty(MaxTest = 6)]
    public void Reward_is_the_line_integral_of_the_engine_mean_difference_up_to_a_constant(DoNotSize<int> seed)
    {
        var rnd = new Normals(seed.Item);
        int horizon = rnd.Int(1, 3), channels = rnd.Int(1, 4), steps = rnd.Int(5, 21);
        var (baseModel, expertModel, phi, guide, expertNet) = GradientPair(rnd, horizon, channels, steps, tStopgrad: 1);
        ulong noise = (ulong)(uint)seed.Item;
        var expert = ReverseChain.Run(expertModel, Batch, noise);
        int d = horizon * channels;
        var path = new[] { ReverseChain.Start(expertModel, Batch, noise)[0] }.Concat(expert.Select(s => s[..d])).ToArray();

        int step = rnd.Int(guide.TStopgrad, steps);
        double[][] Field(double[][] points, int t)
        {
            var v = MeanDifference.At(baseModel, expertModel, points, t);
            double scale = expertNet.ShiftScale(t);
            return v.Select(row => row.Select(x => scale == 0 ? 0 : x / scale).ToArray()).ToArray();
        }
        double[] Reconstructed(int t)
        {
            var rho = new double[path.Length];
            for (int k = 1; k < path.Length; k++) rho[k] = rho[k - 1] + LineIntegral.Along(p => Field(p, t), [path[k - 1], path[k]]);
            return rho;
        }
        var increments = path.Select(x => phi.Value(x) - phi.Value(path[0])).ToArray();
        double scaleOfPhi = 1 + increments.Max(Math.Abs);
        var reconstructed = Reconstructed(step);
        double error = reconstructed.Zip(increments, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(error <= 1e-8 * scaleOfPhi, $"Eq. (10) on the engine: max |∫F − ΔΦ| = {error:E3} at step {step}");

        var belowStop = Reconstructed(0);
        double controlError = belowStop.Zip(increments, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(controlError > 1e3 * 1e-8 * scaleOfPhi || increments.Max(Math.Abs) < 1e-3,
            $"negative control: F = 0 below t_stopgrad should not integrate to ΔΦ (error {controlError:E3})");

        double c = rnd.Uniform(-5, 5);
        var shifted = ReverseChain.Run(baseModel, Batch, noise, ReverseChain.Potential(phi, offset: c), guide);
        Assert.True(ReverseChain.GapPerChain(shifted, expert, Batch).Max() <= ReverseChain.Tolerance(expert), "Φ + c does not reproduce the chain");
    }

    /// <summary>
    /// Uniqueness of h (App. C.2): ρ′ = Φ + δ with δ = A·(1 − ‖x − z‖²/r²)³₊, whose gradient is non-zero exactly on the
    /// ball B(z, r) (except z). Under shared noise, chain b of the ρ′-guided loop leaves the ρ-guided one exactly when
    /// one of that chain's guided states (the points where the sampler evaluates ∇ρ) at a step t ≥ 1 lies in the ball —
    /// checked chain by chain over 6 balls. Step 0 does not count: the sampler scales its guide by the clipped posterior
    /// variance, which Diffuser clamps to 1e-20 at t = 0 (σ̃²₀ = 0), so the last guidance step moves x by ~1e-20·∇ρ, below
    /// rounding — in the production convention h at t = 0 is invisible. With the ball around chain 0's start, the first step's separation equals
    /// J_{T−1} ω σ̃²_{T−1} ∇δ(x_T) to rounding: the chain sees ∇ρ, nothing else of ρ.
    /// </summary>
    [EngineProperty(MaxTest = 6)]
    public void Chains_separate_exactly_when_they_visit_where_the_reward_gradients_differ(DoNotSize<int> seed)
    {
        var rnd = new Normals(seed.Item);
        int horizon = rnd.Int(1, 3), channels = rnd.Int(1, 3), steps = rnd.Int(5, 21);
        var (baseModel, _, phi, guide, expertNet) = GradientPair(rnd, horizon, channels, steps, tStopgrad: 0);
        int d = horizon * channels;
        ulong noise = (ulong)(uint)seed.Item;
        var calls = new List<(int Step, double[][] X)>();
        var reference = ReverseChain.Run(baseModel, Batch, noise, ReverseChain.Potential(phi, calls), guide);
        double tolerance = ReverseChain.Tolerance(reference);
        var start = ReverseChain.Start(baseModel, Batch, noise)[0];

        for (int draw = 0; draw < 6; draw++)
        {
            bool aroundStart = draw % 2 == 0;
            double radius = 0.6, amplitude = rnd.Uniform(0.5, 2.0);
            var offset = rnd.Vector(d);
            double norm = Math.Sqrt(offset.Sum(v => v * v));
            var centre = aroundStart
                ? start.Select((s, i) => s + rnd.Uniform(0.1, 0.5) * radius * offset[i] / norm).ToArray()
                : rnd.Vector(d);
            var bump = new Bump(centre, radius, amplitude);
            var perturbed = ReverseChain.Run(baseModel, Batch, noise, (x, t) => ReverseChain.Potential(phi)(x, t) + bump.Evaluate(x.Reshape(x.Shape[0], d)), guide);
            var gap = ReverseChain.GapPerChain(perturbed, reference, Batch);
            for (int b = 0; b < Batch; b++)
            {
                bool visited = calls.Any(call => call.Step > 0 && bump.Inside(call.X[b]));
                Assert.True(visited == gap[b] > tolerance, $"draw {draw}, chain {b}: visited {visited}, gap {gap[b]:E3}, tolerance {tolerance:E3}");
            }
            if (!aroundStart) continue;
            double kick = expertNet.ShiftScale(steps - 1);
            var expected = bump.Gradient(start).Select(g => kick * g).ToArray();
            var firstStep = perturbed[0].AsSpan(0, d).ToArray().Select((v, i) => v - reference[0][i]).ToArray();
            double error = firstStep.Zip(expected, (a, e) => Math.Abs(a - e)).Max();
            Assert.True(expected.Max(Math.Abs) > 1e3 * tolerance && error <= 1e-9 * (1 + expected.Max(Math.Abs)),
                $"draw {draw}: first-step separation {string.Join(", ", firstStep.Select(v => v.ToString("E3")))}, expected {string.Join(", ", expected.Select(v => v.ToString("E3")))}");
        }
    }

    /// <summary>
    /// The converse, on ℝ²: F = ∇Φ + r with r_t(x) = γ(−(x₂ − c₂), x₁ − c₁) a rotation about the centre c = √ᾱ_t m of
    /// the base marginal q_t. (i) No ρ reproduces the expert chain: that would need ∇ρ = F wherever a chain can go (all
    /// of ℝ², the noise being Gaussian), but F, read off the engine's two diffusions, has circulation 2γ·area around
    /// random closed polygons (shoelace formula), to quadrature accuracy, while the engine gradient of Φ has none.
    /// (ii) The best ρ is Φ: the q_t-weighted projection of F onto gradients (the 40×40 grid of
    /// <see cref="WeightedProjection"/>) is ∇Φ and its residual is r, within the grid's error (q_t is radial about c, so
    /// ∇·(q_t r) = 0 and r ⟂ every gradient). (iii) Guided by Φ, the engine's chain departs from the expert's, and
    /// from any expert state one guided step (<see cref="GaussianDiffusion.GuidedPSample"/>, shared noise) misses the
    /// expert's step by exactly J_t ω σ̃²_t r_t(x), the non-conservative part. Negative control: guided by 1.05·Φ the
    /// same rule is rejected.
    /// </summary>
    [EngineProperty(MaxTest = 4)]
    public void Rotational_mean_difference_is_matched_by_no_reward_and_the_best_one_leaves_the_rotation(DoNotSize<int> seed)
    {
        var rnd = new Normals(seed.Item);
        int steps = rnd.Int(8, 21);
        var schedule = DiffusionSchedule.Cosine(steps);
        var baseNet = new GaussianDataDenoiser(schedule, rnd.Vector(2, 0.5), rnd.Uniform(0.3, 0.8));
        var phi = new RandomPotential(2, rnd);
        double gamma = rnd.Uniform(0.5, 1.5) * (rnd.Int(0, 2) == 0 ? -1 : 1);
        double[] Centre(int t) => baseNet.Mean.Select(m => Math.Sqrt(schedule.AlphasCumprod[t]) * m).ToArray();
        double[] Rotation(double[] x, int t)
        {
            var c = Centre(t);
            return [-gamma * (x[1] - c[1]), gamma * (x[0] - c[0])];
        }
        var guide = new GuideOptions(rnd.Uniform(0.1, 0.5));
        var expertNet = new GuidanceMatchedDenoiser(baseNet, guide, (x, t) => phi.GradientClosedForm(x).Zip(Rotation(x, t), (g, r) => g + r).ToArray());
        var baseModel = new GaussianDiffusion(baseNet, 1, 2, 0, steps);
        var expertModel = new GaussianDiffusion(expertNet, 1, 2, 0, steps);
        double[][] Field(double[][] points, int t) =>
            MeanDifference.At(baseModel, expertModel, points, t).Select(v => v.Select(x => x / expertNet.ShiftScale(t)).ToArray()).ToArray();

        // (i) circulation
        for (int k = 0; k < 3; k++)
        {
            int t = rnd.Int(1, steps); // at t = 0 the guide's scale is σ̃²₀ = 1e-20: F is lost to rounding there
            var c = Centre(t);
            var loop = Polygon.RandomLoop(rnd, c[0] + rnd.Next() * 0.5, c[1] + rnd.Next() * 0.5, rnd.Uniform(0.2, 0.6));
            double expected = 2 * gamma * Polygon.ShoelaceArea(loop);
            double circulation = LineIntegral.Along(p => Field(p, t), loop);
            double gradientCirculation = LineIntegral.Along(phi.Gradient, loop);
            Assert.True(Math.Abs(expected) > 1e-3 && Math.Abs(circulation - expected) <= 1e-8 * (1 + Math.Abs(expected)),
                $"step {t}: ∮F = {circulation:E6}, 2γ·area = {expected:E6}");
            Assert.True(Math.Abs(gradientCirculation - expected) > 1e-3 * Math.Abs(expected) && Math.Abs(gradientCirculation) <= 1e-10,
                $"negative control: ∮∇Φ = {gradientCirculation:E3} should be 0, not 2γ·area = {expected:E3}");
        }

        // (ii) projection
        {
            int t = rnd.Int(1, steps);
            var q = baseNet.Marginal(t);
            var (lo, hi) = q.Box();
            var projection = new WeightedProjection(p => Field(p, t), q.Density, lo, hi, cells: 40);
            var gradient = projection.OnFaces(projection.Points.Select(phi.GradientClosedForm).ToArray());
            var rotation = projection.OnFaces(projection.Points.Select(p => Rotation(p, t)).ToArray());
            double rotationNorm = projection.Norm2(rotation);
            double projectionError = projection.Norm2(projection.Projection - gradient);
            double residualError = projection.Norm2(projection.Field - projection.Projection - rotation);
            string trace = $"step {t}: ‖h − ∇Φ‖² = {projectionError:E3}, ‖(F − h) − r‖² = {residualError:E3}, ‖r‖² = {rotationNorm:E3}";
            Assert.True(projectionError <= 0.02 * rotationNorm && residualError <= 0.02 * rotationNorm, trace);
            Assert.True(projection.Norm2(projection.Field - gradient - rotation) <= 1e-12 * rotationNorm, trace);
        }

        // (iii) paths
        ulong noise = (ulong)(uint)seed.Item;
        var expert = ReverseChain.Run(expertModel, Batch, noise);
        var guided = ReverseChain.Run(baseModel, Batch, noise, ReverseChain.Potential(phi), guide);
        double tolerance = ReverseChain.Tolerance(expert);
        Assert.True(ReverseChain.GapPerChain(guided, expert, Batch).Min() > 1e3 * tolerance, "the Φ-guided chain reproduces a rotational expert");
        var states = new[] { ReverseChain.Start(expertModel, Batch, noise).SelectMany(r => r).ToArray() }.Concat(expert).ToArray();
        double OneStepMiss(Reward reward)
        {
            double worst = 0;
            for (int i = steps - 1; i >= 0; i--)
            {
                var x = Tensor.FromArray(states[steps - 1 - i], Batch, 1, 2);
                var t = Enumerable.Repeat(i, Batch).ToArray();
                var none = Conditioning.None(Batch, 1, 2, DType.Float64);
                var next = baseModel.GuidedPSample(x, t, none, reward, guide, new Generator(noise + (ulong)i)).X.ToArrayDouble();
                double[] target;
                using (Autograd.NoGrad()) target = expertModel.PSample(x, t, new Generator(noise + (ulong)i)).ToArrayDouble();
                var rows = TensorRows.FromFlat(states[steps - 1 - i], Batch, 2);
                for (int b = 0; b < Batch; b++)
                {
                    var r = Rotation(rows[b], i);
                    for (int j = 0; j < 2; j++) worst = Math.Max(worst, Math.Abs(target[2 * b + j] - next[2 * b + j] - expertNet.ShiftScale(i) * r[j]));
                }
            }
            return worst;
        }
        double miss = OneStepMiss(ReverseChain.Potential(phi));
        double controlMiss = OneStepMiss((x, t) => ReverseChain.Potential(phi)(x, t) * 1.05);
        Assert.True(miss <= tolerance && controlMiss > 1e3 * tolerance, $"one-step miss − J ω σ̃² r: {miss:E3} (Φ), {controlMiss:E3} (1.05 Φ); tolerance {tolerance:E3}");
    }

    /// <summary>A Gaussian base on [H, C] samples, ρ = Φ random, and the expert whose mean is shifted by one guided step.</summary>
    private static (GaussianDiffusion Base, GaussianDiffusion Expert, RandomPotential Phi, GuideOptions Guide, GuidanceMatchedDenoiser ExpertNet)
        GradientPair(Normals rnd, int horizon, int channels, int steps, int tStopgrad)
    {
        int d = horizon * channels;
        var schedule = DiffusionSchedule.Cosine(steps);
        var baseNet = new GaussianDataDenoiser(schedule, rnd.Vector(d, 0.5), rnd.Uniform(0.3, 0.8));
        var phi = new RandomPotential(d, rnd);
        var guide = new GuideOptions(rnd.Uniform(0.05, 0.5), TStopgrad: tStopgrad);
        var expertNet = new GuidanceMatchedDenoiser(baseNet, guide, (x, _) => phi.GradientClosedForm(x));
        return (new GaussianDiffusion(baseNet, horizon, channels, 0, steps), new GaussianDiffusion(expertNet, horizon, channels, 0, steps), phi, guide, expertNet);
    }

    /// <summary>δ(x) = A·(1 − ‖x − z‖²/r²)³₊ on flattened samples, in engine ops (so the sampler differentiates it).</summary>
    private sealed class Bump(double[] centre, double radius, double amplitude)
    {
        public Tensor Evaluate(Tensor x)
        {
            var z = Tensor.FromArray(centre, 1, centre.Length);
            var u = (x - z).Square().Sum([1]) * (1 / (radius * radius));
            return (1 - u).Relu().Pow(3) * amplitude;
        }

        public bool Inside(double[] x) => Distance2(x) < radius * radius;

        /// <summary>∇δ = −(6A/r²)(1 − u)²₊ (x − z).</summary>
        public double[] Gradient(double[] x)
        {
            double w = Math.Max(0, 1 - Distance2(x) / (radius * radius));
            return x.Select((xi, i) => -6 * amplitude / (radius * radius) * w * w * (xi - centre[i])).ToArray();
        }

        private double Distance2(double[] x) => x.Select((xi, i) => (xi - centre[i]) * (xi - centre[i])).Sum();
    }
}
