using MathNet.Numerics.Integration;

namespace Engine.Theory.Tests.Support;

/// <summary>
/// ∫_γ F · dx along a piecewise-linear path γ through the given vertices: each segment a → b is cut into
/// pieces no longer than <c>MaxPiece</c>, each piece p → q is parametrised x(s) = p + s(q − p), s ∈ [0, 1],
/// and ∫₀¹ F(x(s))·(q − p) ds is computed with Gauss–Legendre quadrature. The field is evaluated once on
/// all quadrature points (one batched call).
/// </summary>
/// <remarks>
/// Composite rather than one high-order rule per segment: the random potentials have tanh ridges whose
/// complex poles sit O(1) from the real axis, so a single rule over a long segment converges slowly
/// (a 16-point rule missed by 1e-3 over length-3 segments); short pieces bring the error to rounding.
/// </remarks>
public static class LineIntegral
{
    private const double MaxPiece = 0.25;

    public static double Along(Func<double[][], double[][]> field, IReadOnlyList<double[]> vertices, int order = 12)
    {
        var pieces = new List<(double[] From, double[] To)>();
        for (int s = 0; s + 1 < vertices.Count; s++)
        {
            var a = vertices[s];
            var b = vertices[s + 1];
            double length = Math.Sqrt(a.Select((ai, i) => (b[i] - ai) * (b[i] - ai)).Sum());
            int count = Math.Max(1, (int)Math.Ceiling(length / MaxPiece));
            for (int k = 0; k < count; k++)
                pieces.Add((Lerp(a, b, (double)k / count), Lerp(a, b, (double)(k + 1) / count)));
        }

        var rule = new GaussLegendreRule(0, 1, order);
        var points = new double[pieces.Count * order][];
        for (int p = 0; p < pieces.Count; p++)
            for (int q = 0; q < order; q++)
                points[p * order + q] = Lerp(pieces[p].From, pieces[p].To, rule.Abscissas[q]);

        var values = field(points);
        double total = 0;
        for (int p = 0; p < pieces.Count; p++)
            for (int q = 0; q < order; q++)
            {
                double dot = 0;
                for (int i = 0; i < pieces[p].From.Length; i++) dot += values[p * order + q][i] * (pieces[p].To[i] - pieces[p].From[i]);
                total += rule.Weights[q] * dot;
            }
        return total;
    }

    private static double[] Lerp(double[] a, double[] b, double s) => a.Select((ai, i) => ai + s * (b[i] - ai)).ToArray();
}
