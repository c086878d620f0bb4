namespace Engine.Plot;

/// <summary>"Nice" axis ticks (1, 2, 5 × 10^k steps) and compact number formatting.</summary>
public static class Ticks
{
    /// <summary>About <paramref name="target"/> round tick values covering [min, max].</summary>
    public static IReadOnlyList<double> Nice(double min, double max, int target = 5)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max)) return [];
        if (max < min) (min, max) = (max, min);
        if (max == min) return [min];
        double raw = (max - min) / Math.Max(1, target);
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double step = new[] { 1.0, 2.0, 5.0, 10.0 }.Select(m => m * magnitude).First(s => s >= raw);
        var ticks = new List<double>();
        for (double v = Math.Ceiling(min / step) * step; v <= max + step * 1e-9; v += step)
            ticks.Add(Math.Abs(v) < step * 1e-9 ? 0 : v);
        return ticks;
    }

    /// <summary>
    /// Ticks of a logarithmic axis whose range is [min, max] in log10 units, returned in log10 units: the powers of
    /// ten inside (every second or fifth one when there are many), or 1, 2 and 5 × 10^k when the range spans less than
    /// two decades.
    /// </summary>
    public static IReadOnlyList<double> NiceLog10(double min, double max)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max)) return [];
        if (max < min) (min, max) = (max, min);
        int first = (int)Math.Ceiling(min), last = (int)Math.Floor(max);
        if (last - first >= 2)
        {
            int step = last - first > 16 ? 5 : last - first > 8 ? 2 : 1;
            return Enumerable.Range(0, (last - first) / step + 1).Select(i => (double)(first + i * step)).ToArray();
        }
        var ticks = new List<double>();
        for (int k = (int)Math.Floor(min); k <= (int)Math.Ceiling(max); k++)
            foreach (double m in new[] { 1.0, 2.0, 5.0 })
            {
                double t = k + Math.Log10(m);
                if (t >= min - 1e-12 && t <= max + 1e-12) ticks.Add(t);
            }
        return ticks;
    }

    /// <summary>Short text for a number: up to 4 significant digits, exponent form for very large or small values.</summary>
    public static string Format(double v)
    {
        if (double.IsNaN(v)) return "nan";
        if (v == 0) return "0";
        double a = Math.Abs(v);
        if (a >= 1e5 || a < 1e-3) return v.ToString("0.##e+0", System.Globalization.CultureInfo.InvariantCulture);
        return v.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture) is var s && s.Length <= 7
            ? s
            : v.ToString("G4", System.Globalization.CultureInfo.InvariantCulture);
    }
}
