namespace Engine.Plot;

/// <summary>
/// The frame of a chart: margins measured from its title, axis labels and tick labels, so no text is cut. The title
/// and the x label wrap to the width, the y label to the plot's height (more columns of vertical text); the legend
/// goes in a corner of the plot where it covers no data, else below the chart, which then grows taller. Pixels.
/// </summary>
internal sealed class ChartLayout
{
    private const int Pad = 10, TickLength = 4, TickGap = 4, TitleGap = 6, MinPlotWidth = 120, MinPlotHeight = 80;
    private readonly IReadOnlyList<string> _title, _xLabel, _yLabel;
    private Legend? _legend;
    private (int X, int Y) _legendAt;
    private bool _legendInside;

    /// <param name="width">Requested image width.</param>
    /// <param name="height">Requested image height (before a legend below the chart adds to it).</param>
    /// <param name="title">Title above the plot; "" for none.</param>
    /// <param name="xLabel">Label under the x axis; "" for none.</param>
    /// <param name="yLabel">Label left of the y axis, read bottom to top; "" for none.</param>
    /// <param name="yTickLabels">The y axis's tick labels (their width sets the left margin).</param>
    /// <param name="xTickOverhang">How far an x tick label may reach beyond the plot's right edge.</param>
    public ChartLayout(int width, int height, string title, string xLabel, string yLabel, IReadOnlyList<string> yTickLabels, int xTickOverhang)
    {
        _title = title.Length == 0 ? [] : BitmapFont.Wrap(title, Math.Max(1, width - 2 * Pad), bold: true);
        int tickLabels = yTickLabels.Count == 0 ? 0 : yTickLabels.Max(l => BitmapFont.Width(l));
        int top = Pad + (_title.Count == 0 ? 0 : _title.Count * BitmapFont.LineHeight + TitleGap);
        int right = Math.Max(Pad + 6, xTickOverhang + 4);
        _xLabel = [];
        _yLabel = [];
        // The margins depend on how the labels wrap and the wrapping on the margins: settle them by repetition.
        for (int pass = 0; pass < 4; pass++)
        {
            int left = Pad + _yLabel.Count * BitmapFont.LineHeight + (_yLabel.Count > 0 ? 4 : 0) + tickLabels + TickGap + TickLength;
            int bottom = TickLength + TickGap + BitmapFont.Rows + (_xLabel.Count > 0 ? TitleGap + _xLabel.Count * BitmapFont.LineHeight : 0) + Pad;
            width = Math.Max(width, left + right + MinPlotWidth);
            height = Math.Max(height, top + bottom + MinPlotHeight);
            (Left, Top, Right, Bottom) = (left, top, width - right, height - bottom);
            var xLines = xLabel.Length == 0 ? [] : BitmapFont.Wrap(xLabel, (int)(Right - Left));
            var yLines = yLabel.Length == 0 ? [] : BitmapFont.Wrap(yLabel, (int)(Bottom - Top));
            if (pass > 0 && xLines.Count == _xLabel.Count && yLines.Count == _yLabel.Count) break;
            (_xLabel, _yLabel) = (xLines, yLines);
        }
        Width = width;
        Height = height;
    }

    /// <summary>Image width.</summary>
    public int Width { get; }
    /// <summary>Image height, a legend below the chart included.</summary>
    public int Height { get; private set; }
    /// <summary>The plot area: [Left, Right] × [Top, Bottom].</summary>
    public double Left { get; private set; }
    /// <inheritdoc cref="Left"/>
    public double Top { get; private set; }
    /// <inheritdoc cref="Left"/>
    public double Right { get; private set; }
    /// <inheritdoc cref="Left"/>
    public double Bottom { get; private set; }

    /// <summary>The y label with one mark of a logarithmic axis: " (log scale)" unless the label already says "log".</summary>
    public static string LogAxisLabel(string label) =>
        label.Contains("log", StringComparison.OrdinalIgnoreCase) ? label : label.Length == 0 ? "log scale" : label + " (log scale)";

    private int XLabelBottom => (int)Bottom + TickLength + TickGap + BitmapFont.Rows + (_xLabel.Count > 0 ? TitleGap + _xLabel.Count * BitmapFont.LineHeight : 0);

    /// <summary>
    /// Places the legend: inside the plot in the first corner (top right, top left, bottom right, bottom left) where
    /// <paramref name="coversData"/>(x0, y0, x1, y1) is false, if it fits there unwrapped; else below the x label in as
    /// many columns as fit, which makes the image taller.
    /// </summary>
    public void PlaceLegend(IReadOnlyList<LegendEntry> entries, Func<double, double, double, double, bool> coversData)
    {
        if (entries.Count == 0) return;
        const int inset = 6;
        double plotWidth = Right - Left, plotHeight = Bottom - Top;
        var inside = new Legend(entries, 1, int.MaxValue);
        if (inside.Width <= plotWidth / 2 && inside.Height <= plotHeight / 2)
        {
            int xr = (int)Right - inset - inside.Width, xl = (int)Left + inset, yt = (int)Top + inset, yb = (int)Bottom - inset - inside.Height;
            foreach (var (x, y) in new[] { (xr, yt), (xl, yt), (xr, yb), (xl, yb) })
                if (!coversData(x, y, x + inside.Width, y + inside.Height))
                {
                    (_legend, _legendAt, _legendInside) = (inside, (x, y), true);
                    return;
                }
        }
        int room = Width - 2 * Pad;
        _legend = new Legend(entries, Legend.ColumnsThatFit(entries, room), Legend.NameRoom(room));
        _legendAt = (Pad, XLabelBottom + TitleGap);
        _legendInside = false;
        Height = Math.Max(Height, _legendAt.Y + _legend.Height + Pad);
    }

    /// <summary>A white canvas of the laid-out size.</summary>
    public Canvas NewCanvas() => new(Width, Height, Color.White);

    /// <summary>Tick mark and label of the x axis at pixel <paramref name="x"/>.</summary>
    public void DrawXTick(Canvas canvas, double x, string label)
    {
        canvas.DrawLine(x, Bottom, x, Bottom + TickLength, Color.Black);
        // Row 0 of the font is the ascender line, empty for digits: start one row higher so the gap looks like TickGap.
        canvas.DrawText(x, Bottom + TickLength + TickGap - 1, label, Color.Black, 1, TextAlign.Center);
    }

    /// <summary>Tick mark and label of the y axis at pixel <paramref name="y"/>, the label's digits centred on it.</summary>
    public void DrawYTick(Canvas canvas, double y, string label)
    {
        canvas.DrawLine(Left - TickLength, y, Left, y, Color.Black);
        canvas.DrawText(Left - TickLength - TickGap, Math.Round(y - 5), label, Color.Black, 1, TextAlign.Right);
    }

    /// <summary>Title, axis labels, plot frame and legend; draw the data first.</summary>
    public void DrawFrame(Canvas canvas)
    {
        canvas.DrawRect(Left, Top, Right, Bottom, Color.Black);
        for (int i = 0; i < _title.Count; i++)
            canvas.DrawText(Width / 2.0, Pad + i * BitmapFont.LineHeight, _title[i], Color.Black, 1, TextAlign.Center, bold: true);
        int xLabelTop = (int)Bottom + TickLength + TickGap + BitmapFont.Rows + TitleGap;
        for (int i = 0; i < _xLabel.Count; i++)
            canvas.DrawText((Left + Right) / 2, xLabelTop + i * BitmapFont.LineHeight, _xLabel[i], Color.Black, 1, TextAlign.Center);
        for (int i = 0; i < _yLabel.Count; i++)
            canvas.DrawTextVertical(Pad + i * BitmapFont.LineHeight + BitmapFont.Rows / 2.0, (Top + Bottom) / 2, _yLabel[i], Color.Black);
        _legend?.Draw(canvas, _legendAt.X, _legendAt.Y, framed: _legendInside);
    }
}
