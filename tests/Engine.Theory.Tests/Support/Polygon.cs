namespace Engine.Theory.Tests.Support;

/// <summary>Closed polygons in the plane (vertices [n + 1][2], the first repeated last), for loop integrals.</summary>
public static class Polygon
{
    /// <summary>
    /// A closed polygon of 3–5 vertices around (cx, cy), radii in [R/2, R], vertex k at an angle in the first half of
    /// the k-th of n equal sectors (so it is never degenerate); first vertex repeated last.
    /// </summary>
    public static double[][] RandomLoop(Normals rnd, double cx, double cy, double radius)
    {
        int n = rnd.Int(3, 6);
        double phase = rnd.Uniform(0, 2 * Math.PI);
        var angles = Enumerable.Range(0, n).Select(k => phase + 2 * Math.PI * (k + rnd.Uniform(0, 0.5)) / n).ToArray();
        var loop = angles.Select(a => { double r = rnd.Uniform(0.5, 1) * radius; return new[] { cx + r * Math.Cos(a), cy + r * Math.Sin(a) }; }).ToList();
        loop.Add(loop[0]);
        return loop.ToArray();
    }

    /// <summary>Signed area of a closed polygon (first vertex repeated last).</summary>
    public static double ShoelaceArea(double[][] loop)
    {
        double s = 0;
        for (int i = 0; i + 1 < loop.Length; i++) s += loop[i][0] * loop[i + 1][1] - loop[i + 1][0] * loop[i][1];
        return s / 2;
    }
}
