namespace Engine.Plot;

/// <summary>One line of a chart. <c>X</c> and <c>Y</c> have equal length; non-finite points break the line.</summary>
public sealed record Series(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y, Color? Color = null, double Thickness = 2);

/// <summary>
/// Line charts (training curves and the like): axes with nice ticks, optional log-scale y, title, axis labels and a
/// legend, rendered onto a <see cref="Canvas"/>. Every text is measured and the margins grow to hold it
/// (<see cref="ChartLayout"/>); the legend sits in a free corner of the plot or below it.
/// </summary>
public sealed class LineChart
{
    /// <summary>Title above the plot.</summary>
    public string Title { get; init; } = "";
    /// <summary>Label of the x axis.</summary>
    public string XLabel { get; init; } = "";
    /// <summary>Label of the y axis. With <see cref="LogY"/>, " (log scale)" is added unless the label already says "log".</summary>
    public string YLabel { get; init; } = "";
    /// <summary>Logarithmic y axis (non-positive values are dropped); the tick labels show the values themselves.</summary>
    public bool LogY { get; init; }
    /// <summary>Image width in pixels.</summary>
    public int Width { get; init; } = 800;
    /// <summary>Image height in pixels; a legend too big for the plot is put below it and adds to this.</summary>
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

    private Color ColorOf(int i) => Series[i].Color ?? Color.Palette[i % Color.Palette.Count];

    /// <summary>Draws the chart onto a new canvas.</summary>
    public Canvas Render()
    {
        var xs = Series.SelectMany(s => s.X).Where(double.IsFinite).ToArray();
        var ys = Series.SelectMany(s => s.Y).Select(Ty).Where(double.IsFinite).ToArray();
        double xMin = xs.Length > 0 ? xs.Min() : 0, xMax = xs.Length > 0 ? xs.Max() : 1;
        double yMin = ys.Length > 0 ? ys.Min() : 0, yMax = ys.Length > 0 ? ys.Max() : 1;
        if (xMax == xMin) { xMin -= 0.5; xMax += 0.5; }
        if (yMax == yMin) { yMin -= 0.5; yMax += 0.5; }
        double pad = (yMax - yMin) * 0.05;
        yMin -= pad; yMax += pad;

        var xTicks = Ticks.Nice(xMin, xMax, 6);
        var yTicks = LogY ? Ticks.NiceLog10(yMin, yMax) : Ticks.Nice(yMin, yMax, 6);
        string YTickLabel(double t) => Ticks.Format(LogY ? Math.Pow(10, t) : t);
        int overhang = xTicks.Count == 0 ? 0 : xTicks.Max(t => BitmapFont.Width(Ticks.Format(t))) / 2 + 1;
        var layout = new ChartLayout(Width, Height, Title, XLabel, LogY ? ChartLayout.LogAxisLabel(YLabel) : YLabel,
            yTicks.Select(YTickLabel).ToArray(), overhang);
        double X(double x) => layout.Left + (x - xMin) / (xMax - xMin) * (layout.Right - layout.Left);
        double Y(double y) => layout.Bottom - (y - yMin) / (yMax - yMin) * (layout.Bottom - layout.Top);
        var lines = new List<(double X, double Y)>[Series.Count];
        for (int i = 0; i < Series.Count; i++)
        {
            var s = Series[i];
            lines[i] = new List<(double, double)>(s.X.Count);
            for (int k = 0; k < s.X.Count; k++)
            {
                double y = Ty(s.Y[k]);
                lines[i].Add(double.IsFinite(s.X[k]) && double.IsFinite(y) ? (X(s.X[k]), Y(y)) : (double.NaN, double.NaN));
            }
        }
        var entries = Series.Select((s, i) => new LegendEntry(s.Name, ColorOf(i), LegendSwatch.Line)).Where(e => e.Name.Length > 0).ToArray();
        layout.PlaceLegend(entries, (x0, y0, x1, y1) => lines.Any(l => Crosses(l, x0 - 2, y0 - 2, x1 + 2, y1 + 2)));

        var canvas = layout.NewCanvas();
        foreach (double t in xTicks)
        {
            canvas.DrawLine(X(t), layout.Top, X(t), layout.Bottom, Color.LightGray.WithAlpha(160));
            layout.DrawXTick(canvas, X(t), Ticks.Format(t));
        }
        foreach (double t in yTicks)
        {
            canvas.DrawLine(layout.Left, Y(t), layout.Right, Y(t), Color.LightGray.WithAlpha(160));
            layout.DrawYTick(canvas, Y(t), YTickLabel(t));
        }
        for (int i = 0; i < Series.Count; i++) canvas.DrawPolyline(lines[i], ColorOf(i), Series[i].Thickness);
        layout.DrawFrame(canvas);
        return canvas;
    }

    /// <summary>Whether the polyline (NaN points break it) has a point in, or a segment through, [x0, x1] × [y0, y1].</summary>
    private static bool Crosses(List<(double X, double Y)> line, double x0, double y0, double x1, double y1)
    {
        bool Inside((double X, double Y) p) => p.X >= x0 && p.X <= x1 && p.Y >= y0 && p.Y <= y1;
        for (int k = 0; k < line.Count; k++)
        {
            var b = line[k];
            if (!double.IsFinite(b.X)) continue;
            if (Inside(b)) return true;
            if (k == 0 || !double.IsFinite(line[k - 1].X)) continue;
            // Liang–Barsky: clip the segment's parameter range against the four sides.
            var a = line[k - 1];
            double t0 = 0, t1 = 1, dx = b.X - a.X, dy = b.Y - a.Y;
            bool Clip(double p, double q)
            {
                if (p == 0) return q >= 0;
                double r = q / p;
                if (p < 0) { if (r > t1) return false; t0 = Math.Max(t0, r); }
                else { if (r < t0) return false; t1 = Math.Min(t1, r); }
                return true;
            }
            if (Clip(-dx, a.X - x0) && Clip(dx, x1 - a.X) && Clip(-dy, a.Y - y0) && Clip(dy, y1 - a.Y) && t0 <= t1) return true;
        }
        return false;
    }

    /// <summary>Draws the chart and writes it as a PNG file.</summary>
    public void SavePng(string path) => Render().SavePng(path);
    /// <summary>Draws the chart once and writes it as PNG at <paramref name="pngPath"/> and as SVG beside it.</summary>
    public void SavePngAndSvg(string pngPath) => Render().SavePngAndSvg(pngPath);
}
