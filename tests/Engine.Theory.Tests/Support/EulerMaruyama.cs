namespace Engine.Theory.Tests.Support;

/// <summary>Euler–Maruyama for dx = f(x, t) dt + g(t) dw on [0, T] with given Brownian increments.</summary>
public static class EulerMaruyama
{
    /// <summary>
    /// Returns the path x₀ … x_N (row k is x at t = k·dt), driven by the increments ΔW_k
    /// (row k, each of variance dt per coordinate).
    /// </summary>
    public static double[][] Path(IDrift f, Func<double, double> g, double[] x0, double[][] increments, double dt)
    {
        int steps = increments.Length, n = x0.Length;
        var path = new double[steps + 1][];
        path[0] = (double[])x0.Clone();
        var drift = new double[n];
        for (int k = 0; k < steps; k++)
        {
            double t = k * dt;
            f.Evaluate(path[k], t, drift);
            double gt = g(t);
            var next = new double[n];
            for (int i = 0; i < n; i++) next[i] = path[k][i] + drift[i] * dt + gt * increments[k][i];
            path[k + 1] = next;
        }
        return path;
    }

    /// <summary>N increments of an n-dimensional Brownian motion on a grid of step dt.</summary>
    public static double[][] BrownianIncrements(int steps, int n, double dt, Normals normals)
    {
        var dw = new double[steps][];
        double sd = Math.Sqrt(dt);
        for (int k = 0; k < steps; k++) dw[k] = normals.Vector(n, sd);
        return dw;
    }

    /// <summary>The same Brownian path seen on a grid coarser by <paramref name="factor"/>: increments add.</summary>
    public static double[][] Coarsen(double[][] increments, int factor)
    {
        int n = increments[0].Length, coarse = increments.Length / factor;
        var result = new double[coarse][];
        for (int k = 0; k < coarse; k++)
        {
            result[k] = new double[n];
            for (int j = 0; j < factor; j++)
                for (int i = 0; i < n; i++)
                    result[k][i] += increments[k * factor + j][i];
        }
        return result;
    }

    /// <summary>max over k, i of |a_k,i − b_k,i|.</summary>
    public static double MaxDistance(double[][] a, double[][] b)
    {
        double m = 0;
        for (int k = 0; k < a.Length; k++)
            for (int i = 0; i < a[k].Length; i++)
                m = Math.Max(m, Math.Abs(a[k][i] - b[k][i]));
        return m;
    }

    public static double MaxAbs(double[][] a)
    {
        double m = 0;
        foreach (var row in a)
            foreach (var v in row)
                m = Math.Max(m, Math.Abs(v));
        return m;
    }
}
