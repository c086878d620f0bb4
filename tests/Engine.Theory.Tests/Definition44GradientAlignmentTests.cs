using Engine.Testing;
using Engine.Theory.Tests.Support;
using FsCheck;
using MathNet.Numerics.LinearAlgebra;

namespace Engine.Theory.Tests;

/// <summary>
/// Definition 4.4 (ε-relative reward function) with Proposition 4.3's projection as the target: training ρθ
/// by gradient alignment, L(θ) = mean ‖∇ₓρθ(x) − F(x)‖² over grid points (Eq. 14 at one diffusion time),
/// drives ∇ₓρθ towards the L2 projection h of the non-conservative field F onto gradient fields, so ρθ is
/// an ε-relative reward function with ε shrinking as training proceeds — the numerical counterpart of
/// Eq. (12): smooth potentials whose gradients come arbitrarily close to hₜ.
/// </summary>
public class Definition44GradientAlignmentTests
{
    private const int GridSize = 10;
    private const int Steps = 200;
    private const int Checkpoint = 50;

    /// <summary>
    /// Definition 4.4 / Proposition 4.3: with F = ∇Φ + ∇^⊥Ψ on the unit square (projection h = ∇Φ), the
    /// error ε(θ) = mean ‖∇ₓρθ − h‖² at the training points decreases across training checkpoints (until
    /// it reaches the small floor set by sampling the loss on a grid) and ends below a tenth of its initial value; the distance to the discrete Poisson projection on the staggered
    /// grid (compared on the faces) falls below a third of its initial value (its floor is the grid's
    /// discretisation error). Negative control: the training loss itself stays above most of the residual
    /// mean ‖∇^⊥Ψ‖² — no gradient field can absorb the rotational part, which is why the target is the projection.
    /// </summary>
    [EngineProperty(MaxTest = 2)]
    public void Gradient_alignment_training_approaches_the_L2_projection(DoNotSize<int> seed)
    {
        var rnd = new Normals(seed.Item);
        var helmholtz = new HelmholtzField(rnd);
        var grid = new StaggeredGrid(GridSize);
        var centres = Enumerable.Range(0, grid.Cells).Select(c => { var (x, y) = grid.CellCentre(c); return new[] { x, y }; }).ToArray();
        var targets = centres.Select(p => { var (fx, fy) = helmholtz.Field(p[0], p[1]); return new[] { fx, fy }; }).ToArray();
        var projection = centres.Select(p => { var (hx, hy) = helmholtz.Projection(p[0], p[1]); return new[] { hx, hy }; }).ToArray();
        double residual = centres.Average(p => { var (rx, ry) = helmholtz.Rotational(p[0], p[1]); return rx * rx + ry * ry; });

        var discrete = grid.ApplyGradient(grid.ProjectGrounded(grid.Sample(helmholtz.Field)));
        var faces = Enumerable.Range(0, grid.Faces).Select(f => { var (x, y, _) = grid.FaceLocation(f); return new[] { x, y }; }).ToArray();

        var net = new RewardNetwork(16, rnd);
        var points = TensorRows.ToTensor(centres);
        var target = TensorRows.ToTensor(targets);
        var continuumError = new List<double>();
        var discreteError = new List<double>();
        double loss = double.NaN;
        for (int step = 0; step <= Steps; step++)
        {
            if (step % Checkpoint == 0)
            {
                continuumError.Add(MeanSquaredDistance(net.InputGradient(centres), projection));
                discreteError.Add(FaceDistance(grid, net.InputGradient(faces), discrete));
            }
            if (step < Steps) loss = net.AdamStep(points, target, learningRate: 0.03);
        }

        string trace = $"ε: {Show(continuumError)}; discrete: {Show(discreteError)}; final loss {loss:E3}, residual {residual:E3}";
        // Decreasing until it reaches the floor set by the point sampling (a few per cent of the start).
        double floor = 0.05 * continuumError[0];
        for (int k = 1; k < continuumError.Count; k++)
            Assert.True(continuumError[k] < Math.Max(1.05 * continuumError[k - 1], floor), $"error rose during training — {trace}");
        Assert.True(continuumError[^1] < 0.1 * continuumError[0], $"error did not shrink tenfold — {trace}");
        Assert.True(discreteError[^1] < 0.33 * discreteError[0], $"no approach to the discrete projection — {trace}");
        Assert.True(loss > 0.8 * residual, $"a gradient field absorbed the rotational part — {trace}");
    }

    private static double MeanSquaredDistance(double[][] a, double[][] b) =>
        a.Select((row, k) => row.Select((v, i) => (v - b[k][i]) * (v - b[k][i])).Sum()).Average();

    // Normal components of ∇ρθ on the faces against Gφ*, in the face inner product (Σ·h²).
    private static double FaceDistance(StaggeredGrid grid, double[][] gradientAtFaces, Vector<double> projection)
    {
        double s = 0;
        for (int f = 0; f < grid.Faces; f++)
        {
            double normal = f < grid.XFaces ? gradientAtFaces[f][0] : gradientAtFaces[f][1];
            s += (normal - projection[f]) * (normal - projection[f]);
        }
        return s * grid.H * grid.H;
    }

    private static string Show(IEnumerable<double> xs) => string.Join(" → ", xs.Select(x => x.ToString("E2")));
}
