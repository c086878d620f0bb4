namespace Engine.Plot;

/// <summary>One line of a chart. <c>X</c> and <c>Y</c> have equal length; non-finite points break the line.</summary>
public sealed record Series(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y, Color? Color = null, double Thickness = 2);

/// <summary>
/// Line charts (training curves and the like): axes with nice ticks, optional log-scale y, title, axis labels and a
/// legend, rendered onto a <see cref="Canvas"/>.
/// </summary>
public sealed class LineChart
{
    /// <summary>Title above the plot.</summary>
    public string Title { get; init; } = "";
    /// <summary>Label of the x axis.</summary>
    public string XLabel { get; init; } = "";
    /// <summary>Label of the y axis.</summary>
    public string YLabel { get; init; } = "";
    /// <summary>Logarithmic y axis (non-positive values are dropped).</summary>
    public bool LogY { get; init; }
    /// <summary>Image width in pixels.</summary>
    public int Width { get; init; } = 800;
    /// <summary>Image height in pixels.</summary>
    public int Height { get; init; } = 500;
    /// <summary>The lines, drawn in order.</summary>
    public List<Series> Series { get; } = [];

    /// <summary>Adds <paramref name="series"/>; returns this chart.</summary>
    public LineChart Add(Series series)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.X.Count != series.Y.Count)
            throw new ArgumentException($"Series '{series.Name}' has {series.X.Count} x values and {series.Y.Count} y values.", nameof(series));
        Series.Add(series);
        return this;
    }

    /// <summary>Convenience: y against its index 0, 1, 2, …</summary>
    public LineChart Add(string name, IReadOnlyList<double> y, Color? color = null) =>
        Add(new Series(name, Enumerable.Range(0, y.Count).Select(i => (double)i).ToArray(), y, color));

    private double Ty(double y) => LogY ? (y > 0 ? Math.Log10(y) : double.NaN) : y;

    /// <summary>Draws the chart onto a new canvas.</summary>
    public Canvas Render()
    {
        var canvas = new Canvas(Width, Height, Color.White);
        const int left = 70, right = 20, top = 36, bottom = 50;
        double px0 = left, px1 = Width - right, py0 = top, py1 = Height - bottom;
        var xs = Series.SelectMany(s => s.X).Where(double.IsFinite).ToArray();
        var ys = Series.SelectMany(s => s.Y).Select(Ty).Where(double.IsFinite).ToArray();
        double xMin = xs.Length > 0 ? xs.Min() : 0, xMax = xs.Length > 0 ? xs.Max() : 1;
        double yMin = ys.Length > 0 ? ys.Min() : 0, yMax = ys.Length > 0 ? ys.Max() : 1;
        if (xMax == xMin) { xMin -= 0.5; xMax += 0.5; }
        if (yMax == yMin) { yMin -= 0.5; yMax += 0.5; }
        double pad = (yMax - yMin) * 0.05;
        yMin -= pad; yMax += pad;
        double X(double x) => px0 + (x - xMin) / (xMax - xMin) * (px1 - px0);
        double Y(double y) => py1 - (y - yMin) / (yMax - yMin) * (py1 - py0);

        foreach (double t in Ticks.Nice(xMin, xMax, 6))
        {
            canvas.DrawLine(X(t), py0, X(t), py1, Color.LightGray.WithAlpha(160));
            canvas.DrawLine(X(t), py1, X(t), py1 + 4, Color.Black);
            canvas.DrawText(X(t), py1 + 8, Ticks.Format(t), Color.Black, 1, TextAlign.Center);
        }
        var yTicks = LogY
            ? Enumerable.Range((int)Math.Ceiling(yMin), Math.Max(0, (int)Math.Floor(yMax) - (int)Math.Ceiling(yMin) + 1)).Select(k => (double)k).ToList()
            : Ticks.Nice(yMin, yMax, 6).ToList();
        foreach (double t in yTicks)
        {
            canvas.DrawLine(px0, Y(t), px1, Y(t), Color.LightGray.WithAlpha(160));
            canvas.DrawLine(px0 - 4, Y(t), px0, Y(t), Color.Black);
            canvas.DrawText(px0 - 8, Y(t) - 3, LogY ? Ticks.Format(Math.Pow(10, t)) : Ticks.Format(t), Color.Black, 1, TextAlign.Right);
        }
        canvas.DrawRect(px0, py0, px1, py1, Color.Black);

        for (int i = 0; i < Series.Count; i++)
        {
            var s = Series[i];
            var color = s.Color ?? Color.Palette[i % Color.Palette.Count];
            var points = new List<(double, double)>(s.X.Count);
            for (int k = 0; k < s.X.Count; k++)
            {
                double y = Ty(s.Y[k]);
                points.Add(double.IsFinite(s.X[k]) && double.IsFinite(y) ? (X(s.X[k]), Y(y)) : (double.NaN, double.NaN));
            }
            canvas.DrawPolyline(points, color, s.Thickness);
            int ly = (int)py0 + 8 + 14 * i;
            canvas.DrawLine(px1 - 150, ly + 3, px1 - 130, ly + 3, color, 3);
            canvas.DrawText(px1 - 124, ly, s.Name, Color.Black);
        }
        canvas.DrawText(Width / 2.0, 12, Title, Color.Black, 2, TextAlign.Center);
        canvas.DrawText((px0 + px1) / 2, Height - 18, XLabel, Color.Black, 1, TextAlign.Center);
        canvas.DrawTextVertical(14, (py0 + py1) / 2, YLabel + (LogY ? " (log)" : ""), Color.Black);
        return canvas;
    }

    /// <summary>Draws the chart and writes it as a PNG file.</summary>
    public void SavePng(string path) => Render().SavePng(path);
}
