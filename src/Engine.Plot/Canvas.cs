namespace Engine.Plot;

/// <summary>Horizontal anchoring of text relative to its x coordinate.</summary>
public enum TextAlign
{
    /// <summary>The text starts at x.</summary>
    Left,
    /// <summary>The text is centred on x.</summary>
    Center,
    /// <summary>The text ends at x.</summary>
    Right,
}

/// <summary>Shapes for data-point markers.</summary>
public enum MarkerShape
{
    /// <summary>A filled disc.</summary>
    Circle,
    /// <summary>A filled square.</summary>
    Square,
    /// <summary>A diagonal cross.</summary>
    Cross,
    /// <summary>An upright cross.</summary>
    Plus,
    /// <summary>A star.</summary>
    Star,
}

/// <summary>
/// An RGBA raster with pixel coordinates: x to the right, y downwards, pixel (x, y) covering [x, x+1) × [y, y+1).
/// Drawing blends with the colour's alpha (source-over); shapes are not anti-aliased. Every drawing call is also
/// recorded as a <see cref="Primitive"/>, so one drawing gives both the PNG and the SVG (<see cref="SavePngAndSvg"/>).
/// <c>Pixels: [Height, Width, 4]</c> row-major.
/// </summary>
public sealed class Canvas
{
    private readonly List<Primitive> _primitives = [];
    private readonly Raster _raster;

    /// <summary>Width in pixels.</summary>
    public int Width { get; }
    /// <summary>Height in pixels.</summary>
    public int Height { get; }
    /// <summary>RGBA bytes, row-major from the top-left: [height · width · 4].</summary>
    public byte[] Pixels { get; }
    /// <summary>What was drawn, in order, since the last <see cref="Clear"/> (which is the first entry).</summary>
    public IReadOnlyList<Primitive> Primitives => _primitives;
    /// <summary>The text drawn, in order.</summary>
    public IEnumerable<Primitive.Text> Texts => _primitives.OfType<Primitive.Text>();

    /// <summary>A <paramref name="width"/> × <paramref name="height"/> canvas filled with <paramref name="background"/> (default white).</summary>
    public Canvas(int width, int height, Color? background = null)
    {
        if (width <= 0 || height <= 0 || (long)width * height > 100_000_000)
            throw new ArgumentException($"Canvas size {width}×{height} must be positive and at most 10⁸ pixels.", nameof(width));
        Width = width;
        Height = height;
        Pixels = new byte[width * height * 4];
        _raster = new Raster(width, height, Pixels);
        Clear(background ?? Color.White);
    }

    private void Draw(Primitive primitive)
    {
        _primitives.Add(primitive);
        _raster.Paint(primitive);
    }

    /// <summary>Sets every pixel to <paramref name="color"/>, forgetting what was drawn.</summary>
    public void Clear(Color color)
    {
        _primitives.Clear();
        Draw(new Primitive.Clear(color));
    }

    /// <summary>The colour at (<paramref name="x"/>, <paramref name="y"/>), top-left origin.</summary>
    public Color GetPixel(int x, int y)
    {
        int i = (y * Width + x) * 4;
        return new Color(Pixels[i], Pixels[i + 1], Pixels[i + 2], Pixels[i + 3]);
    }

    /// <summary>Blends <paramref name="color"/> over pixel (x, y); outside the canvas nothing happens.</summary>
    public void Blend(int x, int y, Color color) => FillRect(x, y, x + 1, y + 1, color);

    /// <summary>Fills the pixels whose centres lie in [x0, x1) × [y0, y1).</summary>
    public void FillRect(double x0, double y0, double x1, double y1, Color color) =>
        Draw(new Primitive.Rect(Math.Min(x0, x1), Math.Min(y0, y1), Math.Max(x0, x1), Math.Max(y0, y1), color));

    /// <summary>Outline of a rectangle with the given line thickness.</summary>
    public void DrawRect(double x0, double y0, double x1, double y1, Color color, double thickness = 1) =>
        DrawPolyline([(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)], color, thickness);

    /// <summary>A segment of the given thickness with round caps: every pixel whose centre is within thickness/2 of it.</summary>
    public void DrawLine(double x0, double y0, double x1, double y1, Color color, double thickness = 1) =>
        DrawPolyline([(x0, y0), (x1, y1)], color, thickness);

    /// <summary>Connected segments through <paramref name="points"/>; NaN points break the line. One point draws a dot.</summary>
    public void DrawPolyline(IReadOnlyList<(double X, double Y)> points, Color color, double thickness = 1)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count > 0) Draw(new Primitive.Line(points.ToArray(), color, thickness));
    }

    /// <summary>Every pixel whose centre is within <paramref name="radius"/> of (cx, cy).</summary>
    public void FillCircle(double cx, double cy, double radius, Color color) => Draw(new Primitive.Circle(cx, cy, radius, color, null));

    /// <summary>A ring: pixels whose centre distance from (cx, cy) is within thickness/2 of <paramref name="radius"/>.</summary>
    public void DrawCircle(double cx, double cy, double radius, Color color, double thickness = 1) =>
        Draw(new Primitive.Circle(cx, cy, radius, color, thickness));

    /// <summary>A marker of the given size (diameter in pixels) centred at (cx, cy).</summary>
    public void DrawMarker(double cx, double cy, MarkerShape shape, double size, Color color)
    {
        double r = size / 2, t = Math.Max(1, size / 5);
        switch (shape)
        {
            case MarkerShape.Circle: FillCircle(cx, cy, r, color); break;
            case MarkerShape.Square: FillRect(cx - r, cy - r, cx + r, cy + r, color); break;
            case MarkerShape.Cross:
                DrawLine(cx - r, cy - r, cx + r, cy + r, color, t);
                DrawLine(cx - r, cy + r, cx + r, cy - r, color, t);
                break;
            case MarkerShape.Plus:
                DrawLine(cx - r, cy, cx + r, cy, color, t);
                DrawLine(cx, cy - r, cx, cy + r, color, t);
                break;
            case MarkerShape.Star:
                var points = new List<(double, double)>();
                for (int k = 0; k <= 10; k++)
                {
                    double angle = -Math.PI / 2 + k * Math.PI / 5, rr = k % 2 == 0 ? r : r * 0.45;
                    points.Add((cx + rr * Math.Cos(angle), cy + rr * Math.Sin(angle)));
                }
                FillPolygon(points, color);
                break;
        }
    }

    /// <summary>Fills a simple polygon (even-odd rule on pixel centres).</summary>
    public void FillPolygon(IReadOnlyList<(double X, double Y)> points, Color color)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count >= 3) Draw(new Primitive.Polygon(points.ToArray(), color));
    }

    /// <summary>
    /// One line of text in <see cref="BitmapFont"/>: (x, y) is the top of its <see cref="BitmapFont.Rows"/>·scale-pixel
    /// line box, anchored horizontally per <paramref name="align"/>. Returns the box drawn.
    /// </summary>
    public (int X0, int Y0, int X1, int Y1) DrawText(double x, double y, string text, Color color, int scale = 1, TextAlign align = TextAlign.Left, bool bold = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        scale = Math.Max(1, scale);
        int width = BitmapFont.Width(text, scale, bold);
        int left = (int)Math.Round(align switch { TextAlign.Center => x - width / 2.0, TextAlign.Right => x - width, _ => x });
        var t = new Primitive.Text(left, (int)Math.Round(y), text, color, scale, bold, Vertical: false);
        Draw(t);
        return t.Bounds;
    }

    /// <summary>Text turned 90° counter-clockwise (reads bottom to top), its box centred on (cx, cy). Returns the box drawn.</summary>
    public (int X0, int Y0, int X1, int Y1) DrawTextVertical(double cx, double cy, string text, Color color, int scale = 1, bool bold = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        scale = Math.Max(1, scale);
        int length = BitmapFont.Width(text, scale, bold), thickness = BitmapFont.Height(scale);
        var t = new Primitive.Text((int)Math.Round(cx - thickness / 2.0), (int)Math.Round(cy - length / 2.0), text, color, scale, bold, Vertical: true);
        Draw(t);
        return t.Bounds;
    }

    /// <summary>
    /// Draws a scalar field as coloured cells filling the pixel rectangle [x0, x1) × [y0, y1).
    /// <paramref name="field"/>: [rows, cols] row-major, row 0 at the top (y0). NaN cells stay unpainted.
    /// </summary>
    public void DrawHeatmap(double[] field, int rows, int cols, double x0, double y0, double x1, double y1, Colormap colormap,
        double? min = null, double? max = null)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(colormap);
        if (rows <= 0 || cols <= 0 || field.Length != rows * cols)
            throw new ArgumentException($"field has {field.Length} values; expected [{rows}, {cols}].", nameof(field));
        var finite = field.Where(double.IsFinite).ToArray();
        double lo = min ?? (finite.Length > 0 ? finite.Min() : 0), hi = max ?? (finite.Length > 0 ? finite.Max() : 1);
        var colors = field.Select(v => double.IsFinite(v) ? colormap.At(v, lo, hi) : Color.Transparent).ToArray();
        Draw(new Primitive.CellGrid(x0, y0, x1, y1, rows, cols, colors));
    }

    /// <summary>A vertical colour bar for [min, max] with end labels, occupying [x0, x1) × [y0, y1) (max at the top).</summary>
    public void DrawColorbar(double x0, double y0, double x1, double y1, Colormap colormap, double min, double max, Color textColor)
    {
        ArgumentNullException.ThrowIfNull(colormap);
        const int steps = 256;
        var colors = Enumerable.Range(0, steps).Select(i => colormap.At(1 - (i + 0.5) / steps)).ToArray();
        Draw(new Primitive.CellGrid(x0, y0, x1, y1, steps, 1, colors));
        DrawRect(x0, y0, x1, y1, textColor);
        // The end labels sit level with the bar's ends: the top label's capitals start at y0, the bottom one's baseline is y1.
        DrawText(x1 + 4, y0 - 1, Ticks.Format(max), textColor);
        DrawText(x1 + 4, y1 - BitmapFont.Ascent, Ticks.Format(min), textColor);
    }

    /// <summary>
    /// A canvas larger by the given margins holding the same drawing, shifted right by <paramref name="left"/> and down
    /// by <paramref name="top"/>; the new border takes the background of the first <see cref="Primitive.Clear"/>.
    /// </summary>
    public Canvas Grow(int left, int top, int right, int bottom)
    {
        if (left < 0 || top < 0 || right < 0 || bottom < 0)
            throw new ArgumentOutOfRangeException(nameof(left), $"margins must be non-negative, got ({left}, {top}, {right}, {bottom})");
        var grown = new Canvas(Width + left + right, Height + top + bottom, Color.Transparent);
        grown._primitives.Clear(); // the replayed Clear paints the background
        foreach (var p in _primitives) grown.Draw(p.Moved(left, top));
        return grown;
    }

    /// <summary>
    /// This canvas, or a grown copy (<see cref="Grow"/>) in which every text box lies inside the image with
    /// <paramref name="margin"/> pixels to spare on the sides where text reached beyond the edge.
    /// </summary>
    public Canvas GrowToFitText(int margin = 4)
    {
        int left = 0, top = 0, right = 0, bottom = 0;
        foreach (var t in Texts)
        {
            var (x0, y0, x1, y1) = t.Bounds;
            if (x0 < 0) left = Math.Max(left, margin - x0);
            if (y0 < 0) top = Math.Max(top, margin - y0);
            if (x1 > Width) right = Math.Max(right, x1 - Width + margin);
            if (y1 > Height) bottom = Math.Max(bottom, y1 - Height + margin);
        }
        return left + top + right + bottom == 0 ? this : Grow(left, top, right, bottom);
    }

    /// <summary>Writes the canvas as a PNG file (atomically).</summary>
    public void SavePng(string path) => PngWriter.Write(path, Width, Height, Pixels);
    /// <summary>The canvas as PNG bytes.</summary>
    public byte[] EncodePng() => PngWriter.Encode(Width, Height, Pixels);
    /// <summary>The drawing as an SVG document.</summary>
    public string EncodeSvg() => SvgWriter.Encode(this);
    /// <summary>Writes the drawing as an SVG file (atomically).</summary>
    public void SaveSvg(string path) => SvgWriter.Write(path, this);

    /// <summary>
    /// Writes the PNG at <paramref name="pngPath"/> and the SVG of the same drawing beside it (same name, .svg).
    /// Returns the SVG's path.
    /// </summary>
    public string SavePngAndSvg(string pngPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pngPath);
        if (!string.Equals(Path.GetExtension(pngPath), ".png", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"'{pngPath}' must end in .png: the SVG is written beside it as .svg", nameof(pngPath));
        string svgPath = Path.ChangeExtension(pngPath, ".svg");
        SavePng(pngPath);
        SaveSvg(svgPath);
        return svgPath;
    }
}
