namespace Engine.Plot;

/// <summary>
/// Histograms of one or more samples over shared equal-width bins (score distributions of datasets and
/// experiment conditions). Several samples are drawn side by side within each bin; counts on the y axis, or
/// fractions with <see cref="Normalize"/> (samples of different sizes then compare). Every text is measured and the
/// margins grow to hold it (<see cref="ChartLayout"/>); the legend sits in a free corner of the plot or below it.
/// </summary>
public sealed class HistogramChart
{
    /// <summary>A histogram of <paramref name="bins"/> equal bins over [<paramref name="low"/>, <paramref name="high"/>].</summary>
    public HistogramChart(double low, double high, int bins)
    {
        if (!(high > low) || !double.IsFinite(low) || !double.IsFinite(high))
            throw new ArgumentException($"HistogramChart: the range [{low}, {high}] must be finite and non-empty");
        if (bins < 1) throw new ArgumentException($"HistogramChart: at least one bin, got {bins}");
        Low = low; High = high; Bins = bins;
    }

    /// <summary>Left edge of the first bin.</summary>
    public double Low { get; }
    /// <summary>Right edge of the last bin.</summary>
    public double High { get; }
    /// <summary>Number of bins.</summary>
    public int Bins { get; }
    /// <summary>Title above the plot.</summary>
    public string Title { get; init; } = "";
    /// <summary>Label of the x axis.</summary>
    public string XLabel { get; init; } = "";
    /// <summary>Plot densities (each series sums to one) instead of counts.</summary>
    public bool Normalize { get; init; }
    /// <summary>Image width in pixels.</summary>
    public int Width { get; init; } = 800;
    /// <summary>Image height in pixels; a legend too big for the plot is put below it and adds to this.</summary>
    public int Height { get; init; } = 450;
    private readonly List<(string Name, int[] Counts, int Total, Color? Color)> _samples = [];

    /// <summary>Bin counts: values below <see cref="Low"/> go to the first bin, above <see cref="High"/> to the last; non-finite values are dropped.</summary>
    public int[] Count(IEnumerable<double> values)
    {
        var counts = new int[Bins];
        foreach (var v in values)
        {
            if (!double.IsFinite(v)) continue;
            int b = (int)Math.Floor((v - Low) / (High - Low) * Bins);
            counts[Math.Clamp(b, 0, Bins - 1)]++;
        }
        return counts;
    }

    /// <summary>Adds a series of <paramref name="values"/> under <paramref name="name"/>; returns this chart.</summary>
    public HistogramChart Add(string name, IEnumerable<double> values, Color? color = null)
    {
        var counts = Count(values);
        _samples.Add((name, counts, counts.Sum(), color));
        return this;
    }

    /// <summary>Draws the chart onto a new canvas.</summary>
    public Canvas Render()
    {
        double BarHeight(int count, int total) => Normalize ? (total > 0 ? (double)count / total : 0) : count;
        double yMax = _samples.Count == 0 ? 1 : _samples.Max(s => s.Counts.Select(c => BarHeight(c, s.Total)).DefaultIfEmpty(0).Max());
        if (yMax <= 0) yMax = 1;
        yMax *= 1.05;
        var yTicks = Ticks.Nice(0, yMax, 6);
        var xTicks = Ticks.Nice(Low, High, 8);
        int overhang = xTicks.Count == 0 ? 0 : xTicks.Max(t => BitmapFont.Width(Ticks.Format(t))) / 2 + 1;
        var layout = new ChartLayout(Width, Height, Title, XLabel, Normalize ? "fraction" : "count", yTicks.Select(Ticks.Format).ToArray(), overhang);
        double X(double x) => layout.Left + (x - Low) / (High - Low) * (layout.Right - layout.Left);
        double Y(double y) => layout.Bottom - y / yMax * (layout.Bottom - layout.Top);
        double binWidth = (layout.Right - layout.Left) / Bins, barWidth = binWidth / Math.Max(1, _samples.Count);
        var bars = new List<(double X0, double Y0, double X1, double Y1, Color Color)>();
        for (int i = 0; i < _samples.Count; i++)
        {
            var (_, counts, total, _) = _samples[i];
            for (int b = 0; b < Bins; b++)
            {
                double x0 = layout.Left + b * binWidth + i * barWidth;
                if (counts[b] > 0) bars.Add((x0 + 0.5, Y(BarHeight(counts[b], total)), x0 + barWidth - 0.5, layout.Bottom, ColorOf(i).WithAlpha(210)));
            }
        }
        var entries = _samples.Select((s, i) => new LegendEntry($"{s.Name} (n={s.Total})", ColorOf(i), LegendSwatch.Box)).ToArray();
        layout.PlaceLegend(entries, (x0, y0, x1, y1) => bars.Any(b => b.X0 < x1 + 2 && b.X1 > x0 - 2 && b.Y0 < y1 + 2 && b.Y1 > y0 - 2));

        var canvas = layout.NewCanvas();
        foreach (double t in yTicks)
        {
            canvas.DrawLine(layout.Left, Y(t), layout.Right, Y(t), Color.LightGray.WithAlpha(160));
            layout.DrawYTick(canvas, Y(t), Ticks.Format(t));
        }
        foreach (double t in xTicks) layout.DrawXTick(canvas, X(t), Ticks.Format(t));
        foreach (var (x0, y0, x1, y1, color) in bars) canvas.FillRect(x0, y0, x1, y1, color);
        layout.DrawFrame(canvas);
        return canvas;
    }

    private Color ColorOf(int i) => _samples[i].Color ?? Color.Palette[i % Color.Palette.Count];

    /// <summary>Draws the chart and writes it as a PNG file.</summary>
    public void SavePng(string path) => Render().SavePng(path);
    /// <summary>Draws the chart once and writes it as PNG at <paramref name="pngPath"/> and as SVG beside it.</summary>
    public void SavePngAndSvg(string pngPath) => Render().SavePngAndSvg(pngPath);
}
