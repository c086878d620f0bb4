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
