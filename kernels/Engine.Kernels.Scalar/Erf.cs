namespace Engine.Kernels.Scalar;

/// <summary>
/// erf(x) in double precision, with loops and arithmetic only so that GPU kernels can compile it.
/// |x| &lt; 2.5: the Maclaurin series (at most ~3 digits of cancellation, so ~1e-13 relative);
/// otherwise erfc from its continued fraction, evaluated bottom-up at a fixed depth.
/// Decision: a fixed-depth loop instead of Math's missing erf keeps CPU and GPU values identical.
/// </summary>
public static class Erf
{
    private const double TwoOverSqrtPi = 1.1283791670955126;
    private const double OneOverSqrtPi = 0.5641895835477563;

    /// <summary>erf(<paramref name="x"/>) = 2/√π ∫₀ˣ e^(−s²) ds, to about 1e−13 relative.</summary>
    public static double Evaluate(double x)
    {
        double ax = x < 0 ? -x : x;
        double r;
        if (ax < 2.5)
        {
            double x2 = ax * ax, term = ax, sum = ax;
            for (int n = 1; n < 80; n++)
            {
                term *= -x2 / n;
                double add = term / (2 * n + 1);
                sum += add;
                if (Math.Abs(add) < 1e-17 * Math.Abs(sum)) break;
            }
            r = TwoOverSqrtPi * sum;
        }
        else if (ax < 6.0)
        {
            // erfc(x) = e^{-x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …)))))
            double f = ax;
            for (int k = 60; k >= 1; k--) f = ax + k * 0.5 / f;
            r = 1.0 - Math.Exp(-ax * ax) * OneOverSqrtPi / f;
        }
        else
        {
            r = 1.0;
        }
        return x < 0 ? -r : r;
    }
}
