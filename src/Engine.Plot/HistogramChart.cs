namespace Engine.Plot;

/// <summary>
/// Histograms of one or more samples over shared equal-width bins (score distributions of datasets and
/// experiment conditions). Several samples are drawn side by side within each bin; counts on the y axis, or
/// fractions with <see cref="Normalize"/> (samples of different sizes then compare).
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
    /// <summary>Image height in pixels.</summary>
    public int Height { get; init; } = 450;
    private readonly List<(string Name, int[] Counts, int Total, Color? Color)> samples = [];

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
        samples.Add((name, counts, counts.Sum(), color));
        return this;
    }

    /// <summary>Draws the chart onto a new canvas.</summary>
    public Canvas Render()
    {
        var canvas = new Canvas(Width, Height, Color.White);
        const int left = 70, right = 20, top = 36, bottom = 50;
        double px0 = left, px1 = Width - right, py0 = top, py1 = Height - bottom;
        double BarHeight(int count, int total) => Normalize ? (total > 0 ? (double)count / total : 0) : count;
        double yMax = samples.Count == 0 ? 1 : samples.Max(s => s.Counts.Select(c => BarHeight(c, s.Total)).DefaultIfEmpty(0).Max());
        if (yMax <= 0) yMax = 1;
        yMax *= 1.05;
        double X(double x) => px0 + (x - Low) / (High - Low) * (px1 - px0);
        double Y(double y) => py1 - y / yMax * (py1 - py0);
        foreach (double t in Ticks.Nice(0, yMax, 6))
        {
            canvas.DrawLine(px0, Y(t), px1, Y(t), Color.LightGray.WithAlpha(160));
            canvas.DrawText(px0 - 8, Y(t) - 3, Ticks.Format(t), Color.Black, 1, TextAlign.Right);
        }
        foreach (double t in Ticks.Nice(Low, High, 8))
        {
            canvas.DrawLine(X(t), py1, X(t), py1 + 4, Color.Black);
            canvas.DrawText(X(t), py1 + 8, Ticks.Format(t), Color.Black, 1, TextAlign.Center);
        }
        double binWidth = (px1 - px0) / Bins;
        for (int i = 0; i < samples.Count; i++)
        {
            var (name, counts, total, c) = samples[i];
            var color = c ?? Color.Palette[i % Color.Palette.Count];
            double barWidth = binWidth / samples.Count;
            for (int b = 0; b < Bins; b++)
            {
                double x0 = px0 + b * binWidth + i * barWidth;
                canvas.FillRect(x0 + 0.5, Y(BarHeight(counts[b], total)), x0 + barWidth - 0.5, py1, color.WithAlpha(210));
            }
            int ly = (int)py0 + 8 + 14 * i;
            canvas.FillRect(px1 - 170, ly, px1 - 156, ly + 8, color);
            canvas.DrawText(px1 - 150, ly, $"{name} (n={total})", Color.Black);
        }
        canvas.DrawRect(px0, py0, px1, py1, Color.Black);
        canvas.DrawText(Width / 2.0, 12, Title, Color.Black, 2, TextAlign.Center);
        canvas.DrawText((px0 + px1) / 2, this.Height - 18, XLabel, Color.Black, 1, TextAlign.Center);
        canvas.DrawTextVertical(14, (py0 + py1) / 2, Normalize ? "fraction" : "count", Color.Black);
        return canvas;
    }

    /// <summary>Draws the chart and writes it as a PNG file.</summary>
    public void SavePng(string path) => Render().SavePng(path);
}
