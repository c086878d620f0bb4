namespace Engine.Plot;

/// <summary>How a legend entry shows its series: a short line or a filled box.</summary>
internal enum LegendSwatch { Line, Box }

/// <summary>One legend entry: the series' name, colour and swatch.</summary>
internal sealed record LegendEntry(string Name, Color Color, LegendSwatch Swatch);

/// <summary>
/// A chart legend laid out in a grid of one or more columns, entries in reading order. A name too long for its
/// column is wrapped onto further lines, never cut. Sizes in pixels.
/// </summary>
internal sealed class Legend
{
    private const int SwatchWidth = 20, SwatchGap = 6, ColumnGap = 16, Padding = 6;
    private readonly IReadOnlyList<LegendEntry> _entries;
    private readonly IReadOnlyList<string>[] _lines;
    private readonly int[] _column, _row;
    private readonly int[] _columnLeft, _rowTop;

    /// <summary>Entries arranged in <paramref name="columns"/> columns, each name wrapped to <paramref name="maxNameWidth"/>.</summary>
    public Legend(IReadOnlyList<LegendEntry> entries, int columns, int maxNameWidth)
    {
        _entries = entries;
        Columns = Math.Clamp(columns, 1, Math.Max(1, entries.Count));
        _lines = entries.Select(e => BitmapFont.Wrap(e.Name, Math.Max(1, maxNameWidth))).ToArray();
        int rows = (entries.Count + Columns - 1) / Columns;
        _column = new int[entries.Count];
        _row = new int[entries.Count];
        var columnWidth = new int[Columns];
        var rowHeight = new int[rows];
        for (int i = 0; i < entries.Count; i++)
        {
            _row[i] = i / Columns;
            _column[i] = i % Columns;
            columnWidth[_column[i]] = Math.Max(columnWidth[_column[i]], EntryWidth(i));
            rowHeight[_row[i]] = Math.Max(rowHeight[_row[i]], _lines[i].Count * BitmapFont.LineHeight);
        }
        _columnLeft = new int[Columns];
        for (int c = 1; c < Columns; c++) _columnLeft[c] = _columnLeft[c - 1] + columnWidth[c - 1] + ColumnGap;
        _rowTop = new int[rows];
        for (int r = 1; r < rows; r++) _rowTop[r] = _rowTop[r - 1] + rowHeight[r - 1];
        Width = entries.Count == 0 ? 0 : _columnLeft[^1] + columnWidth[^1] + 2 * Padding;
        Height = entries.Count == 0 ? 0 : _rowTop[^1] + rowHeight[^1] - (BitmapFont.LineHeight - BitmapFont.Rows) + 2 * Padding;
    }

    /// <summary>Columns of the grid.</summary>
    public int Columns { get; }
    /// <summary>Outer width, padding included.</summary>
    public int Width { get; }
    /// <summary>Outer height, padding included.</summary>
    public int Height { get; }
    /// <summary>Whether there is anything to draw.</summary>
    public bool IsEmpty => _entries.Count == 0;

    /// <summary>The widest entry (swatch and its unwrapped name) in pixels.</summary>
    public static int WidestEntry(IReadOnlyList<LegendEntry> entries) =>
        entries.Count == 0 ? 0 : entries.Max(e => SwatchWidth + SwatchGap + BitmapFont.Width(e.Name));

    /// <summary>The most columns of <paramref name="entries"/> that fit in <paramref name="width"/> pixels unwrapped.</summary>
    public static int ColumnsThatFit(IReadOnlyList<LegendEntry> entries, int width) =>
        Math.Max(1, (width - 2 * Padding + ColumnGap) / (WidestEntry(entries) + ColumnGap));

    /// <summary>The room a name may take when the legend is <paramref name="width"/> pixels wide in one column.</summary>
    public static int NameRoom(int width) => width - 2 * Padding - SwatchWidth - SwatchGap;

    private int EntryWidth(int i) => SwatchWidth + SwatchGap + _lines[i].Max(l => BitmapFont.Width(l));

    /// <summary>Draws the legend with its top-left corner at (x, y); <paramref name="framed"/> puts it on a white box with a grey border.</summary>
    public void Draw(Canvas canvas, int x, int y, bool framed)
    {
        if (IsEmpty) return;
        if (framed)
        {
            canvas.FillRect(x, y, x + Width, y + Height, Color.White.WithAlpha(230));
            canvas.DrawRect(x + 0.5, y + 0.5, x + Width - 0.5, y + Height - 0.5, Color.Gray);
        }
        for (int i = 0; i < _entries.Count; i++)
        {
            var e = _entries[i];
            int left = x + Padding + _columnLeft[_column[i]], top = y + Padding + _rowTop[_row[i]];
            double middle = top + BitmapFont.Ascent - 4; // level with the middle of the lower case
            if (e.Swatch == LegendSwatch.Line) canvas.DrawLine(left + 1, middle, left + SwatchWidth - 1, middle, e.Color, 3);
            else canvas.FillRect(left + 3, middle - 5, left + SwatchWidth - 3, middle + 5, e.Color);
            for (int k = 0; k < _lines[i].Count; k++)
                canvas.DrawText(left + SwatchWidth + SwatchGap, top + k * BitmapFont.LineHeight, _lines[i][k], Color.Black);
        }
    }
}
