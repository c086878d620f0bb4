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
/// Drawing blends with the colour's alpha (source-over); shapes are not anti-aliased.
/// <c>Pixels: [Height, Width, 4]</c> row-major.
/// </summary>
public sealed class Canvas
{
    /// <summary>Width in pixels.</summary>
    public int Width { get; }
    /// <summary>Height in pixels.</summary>
    public int Height { get; }
    /// <summary>RGBA bytes, row-major from the top-left: [height · width · 4].</summary>
    public byte[] Pixels { get; }

    /// <summary>A <paramref name="width"/> × <paramref name="height"/> canvas filled with <paramref name="background"/> (default white).</summary>
    public Canvas(int width, int height, Color? background = null)
    {
        if (width <= 0 || height <= 0 || (long)width * height > 100_000_000)
            throw new ArgumentException($"Canvas size {width}×{height} must be positive and at most 10⁸ pixels.", nameof(width));
        Width = width;
        Height = height;
        Pixels = new byte[width * height * 4];
        Clear(background ?? Color.White);
    }

    /// <summary>Fills every pixel with <paramref name="color"/>.</summary>
    public void Clear(Color color)
    {
        for (int i = 0; i < Pixels.Length; i += 4)
        {
            Pixels[i] = color.R; Pixels[i + 1] = color.G; Pixels[i + 2] = color.B; Pixels[i + 3] = color.A;
        }
    }

    /// <summary>The colour at (<paramref name="x"/>, <paramref name="y"/>), top-left origin.</summary>
    public Color GetPixel(int x, int y)
    {
        int i = (y * Width + x) * 4;
        return new Color(Pixels[i], Pixels[i + 1], Pixels[i + 2], Pixels[i + 3]);
    }

    /// <summary>Blends <paramref name="color"/> over pixel (x, y); outside the canvas nothing happens.</summary>
    public void Blend(int x, int y, Color color)
    {
        if ((uint)x >= (uint)Width || (uint)y >= (uint)Height || color.A == 0) return;
        int i = (y * Width + x) * 4;
        if (color.A == 255)
        {
            Pixels[i] = color.R; Pixels[i + 1] = color.G; Pixels[i + 2] = color.B; Pixels[i + 3] = 255;
            return;
        }
        double a = color.A / 255.0;
        Pixels[i] = (byte)Math.Round(color.R * a + Pixels[i] * (1 - a));
        Pixels[i + 1] = (byte)Math.Round(color.G * a + Pixels[i + 1] * (1 - a));
        Pixels[i + 2] = (byte)Math.Round(color.B * a + Pixels[i + 2] * (1 - a));
        Pixels[i + 3] = (byte)Math.Round(color.A + Pixels[i + 3] * (1 - a));
    }

    /// <summary>Fills the pixels whose centres lie in [x0, x1) × [y0, y1).</summary>
    public void FillRect(double x0, double y0, double x1, double y1, Color color)
    {
        if (x1 < x0) (x0, x1) = (x1, x0);
        if (y1 < y0) (y0, y1) = (y1, y0);
        int ix0 = Math.Max(0, (int)Math.Ceiling(x0 - 0.5)), ix1 = Math.Min(Width, (int)Math.Ceiling(x1 - 0.5));
        int iy0 = Math.Max(0, (int)Math.Ceiling(y0 - 0.5)), iy1 = Math.Min(Height, (int)Math.Ceiling(y1 - 0.5));
        for (int y = iy0; y < iy1; y++)
            for (int x = ix0; x < ix1; x++)
                Blend(x, y, color);
    }

    /// <summary>Outline of a rectangle with the given line thickness.</summary>
    public void DrawRect(double x0, double y0, double x1, double y1, Color color, double thickness = 1)
    {
        DrawPolyline([(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)], color, thickness);
    }

    /// <summary>A segment of the given thickness with round caps: every pixel whose centre is within thickness/2 of it.</summary>
    public void DrawLine(double x0, double y0, double x1, double y1, Color color, double thickness = 1)
    {
        double r = Math.Max(thickness, 1) / 2;
        int minX = Math.Max(0, (int)Math.Floor(Math.Min(x0, x1) - r)), maxX = Math.Min(Width - 1, (int)Math.Ceiling(Math.Max(x0, x1) + r));
        int minY = Math.Max(0, (int)Math.Floor(Math.Min(y0, y1) - r)), maxY = Math.Min(Height - 1, (int)Math.Ceiling(Math.Max(y0, y1) + r));
        double dx = x1 - x0, dy = y1 - y0, len2 = dx * dx + dy * dy;
        for (int y = minY; y <= maxY; y++)
            for (int x = minX; x <= maxX; x++)
            {
                double px = x + 0.5 - x0, py = y + 0.5 - y0;
                double t = len2 == 0 ? 0 : Math.Clamp((px * dx + py * dy) / len2, 0, 1);
                double ex = px - t * dx, ey = py - t * dy;
                // Thin lines: also ink the pixel the ideal line passes through, so a 1-px line has no gaps.
                if (ex * ex + ey * ey <= r * r || (thickness <= 1 && Math.Abs(ex) <= 0.5 && Math.Abs(ey) <= 0.5))
                    Blend(x, y, color);
            }
    }

    /// <summary>Connected segments through <paramref name="points"/>; NaN points break the line.</summary>
    public void DrawPolyline(IReadOnlyList<(double X, double Y)> points, Color color, double thickness = 1)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 1) FillCircle(points[0].X, points[0].Y, thickness / 2, color);
        for (int i = 1; i < points.Count; i++)
        {
            var (ax, ay) = points[i - 1];
            var (bx, by) = points[i];
            if (double.IsFinite(ax) && double.IsFinite(ay) && double.IsFinite(bx) && double.IsFinite(by))
                DrawLine(ax, ay, bx, by, color, thickness);
        }
    }

    /// <summary>Every pixel whose centre is within <paramref name="radius"/> of (cx, cy).</summary>
    public void FillCircle(double cx, double cy, double radius, Color color)
    {
        radius = Math.Max(radius, 0.5);
        int minX = Math.Max(0, (int)Math.Floor(cx - radius)), maxX = Math.Min(Width - 1, (int)Math.Ceiling(cx + radius));
        int minY = Math.Max(0, (int)Math.Floor(cy - radius)), maxY = Math.Min(Height - 1, (int)Math.Ceiling(cy + radius));
        for (int y = minY; y <= maxY; y++)
            for (int x = minX; x <= maxX; x++)
            {
                double ex = x + 0.5 - cx, ey = y + 0.5 - cy;
                if (ex * ex + ey * ey <= radius * radius) Blend(x, y, color);
            }
    }

    /// <summary>A ring: pixels whose centre distance from (cx, cy) is within thickness/2 of <paramref name="radius"/>.</summary>
    public void DrawCircle(double cx, double cy, double radius, Color color, double thickness = 1)
    {
        double h = Math.Max(thickness, 1) / 2, outer = radius + h, inner = Math.Max(0, radius - h);
        int minX = Math.Max(0, (int)Math.Floor(cx - outer)), maxX = Math.Min(Width - 1, (int)Math.Ceiling(cx + outer));
        int minY = Math.Max(0, (int)Math.Floor(cy - outer)), maxY = Math.Min(Height - 1, (int)Math.Ceiling(cy + outer));
        for (int y = minY; y <= maxY; y++)
            for (int x = minX; x <= maxX; x++)
            {
                double ex = x + 0.5 - cx, ey = y + 0.5 - cy, d2 = ex * ex + ey * ey;
                if (d2 <= outer * outer && d2 >= inner * inner) Blend(x, y, color);
            }
    }

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
        if (points.Count < 3) return;
        int minY = Math.Max(0, (int)Math.Floor(points.Min(p => p.Y))), maxY = Math.Min(Height - 1, (int)Math.Ceiling(points.Max(p => p.Y)));
        var crossings = new List<double>();
        for (int y = minY; y <= maxY; y++)
        {
            double sy = y + 0.5;
            crossings.Clear();
            for (int i = 0; i < points.Count; i++)
            {
                var (ax, ay) = points[i];
                var (bx, by) = points[(i + 1) % points.Count];
                if ((ay <= sy && by > sy) || (by <= sy && ay > sy))
                    crossings.Add(ax + (sy - ay) / (by - ay) * (bx - ax));
            }
            crossings.Sort();
            for (int k = 0; k + 1 < crossings.Count; k += 2)
                for (int x = Math.Max(0, (int)Math.Ceiling(crossings[k] - 0.5)); x < Math.Min(Width, (int)Math.Ceiling(crossings[k + 1] - 0.5)); x++)
                    Blend(x, y, color);
        }
    }

    /// <summary>Text in the built-in 5×7 font; (x, y) is the top of the text, anchored per <paramref name="align"/>.</summary>
    public void DrawText(double x, double y, string text, Color color, int scale = 1, TextAlign align = TextAlign.Left)
    {
        ArgumentNullException.ThrowIfNull(text);
        scale = Math.Max(1, scale);
        int width = BitmapFont.Width(text, scale);
        int left = (int)Math.Round(align switch { TextAlign.Center => x - width / 2.0, TextAlign.Right => x - width, _ => x });
        int top = (int)Math.Round(y);
        for (int i = 0; i < text.Length; i++)
            for (int row = 0; row < BitmapFont.GlyphHeight; row++)
                for (int col = 0; col < BitmapFont.GlyphWidth; col++)
                    if (BitmapFont.Ink(text[i], col, row))
                        FillRect(left + (i * BitmapFont.Advance + col) * scale, top + row * scale,
                            left + (i * BitmapFont.Advance + col + 1) * scale, top + (row + 1) * scale, color);
    }

    /// <summary>Text turned 90° counter-clockwise (reads bottom to top), centred on (cx, cy).</summary>
    public void DrawTextVertical(double cx, double cy, string text, Color color, int scale = 1)
    {
        int width = BitmapFont.Width(text, scale), height = BitmapFont.Height(scale);
        var temp = new Canvas(Math.Max(1, width), height, Color.Transparent);
        temp.DrawText(0, 0, text, color, scale);
        int left = (int)Math.Round(cx - height / 2.0), bottom = (int)Math.Round(cy + width / 2.0);
        for (int ty = 0; ty < height; ty++)
            for (int tx = 0; tx < width; tx++)
            {
                var c = temp.GetPixel(tx, ty);
                if (c.A > 0) Blend(left + ty, bottom - tx, c);
            }
    }

    /// <summary>
    /// Draws a scalar field as coloured cells filling the pixel rectangle [x0, x1) × [y0, y1).
    /// <paramref name="field"/>: [rows, cols] row-major, row 0 at the top (y0). NaN cells stay unpainted.
    /// </summary>
    public void DrawHeatmap(double[] field, int rows, int cols, double x0, double y0, double x1, double y1, Colormap colormap,
        double? min = null, double? max = null)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (rows <= 0 || cols <= 0 || field.Length != rows * cols)
            throw new ArgumentException($"field has {field.Length} values; expected [{rows}, {cols}].", nameof(field));
        var finite = field.Where(double.IsFinite).ToArray();
        double lo = min ?? (finite.Length > 0 ? finite.Min() : 0), hi = max ?? (finite.Length > 0 ? finite.Max() : 1);
        double cw = (x1 - x0) / cols, ch = (y1 - y0) / rows;
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
            {
                double v = field[r * cols + c];
                if (!double.IsFinite(v)) continue;
                FillRect(x0 + c * cw, y0 + r * ch, x0 + (c + 1) * cw, y0 + (r + 1) * ch, colormap.At(v, lo, hi));
            }
    }

    /// <summary>A vertical colour bar for [min, max] with end labels, occupying [x0, x1) × [y0, y1) (max at the top).</summary>
    public void DrawColorbar(double x0, double y0, double x1, double y1, Colormap colormap, double min, double max, Color textColor)
    {
        int steps = Math.Max(2, (int)(y1 - y0));
        for (int i = 0; i < steps; i++)
        {
            double t = 1 - (i + 0.5) / steps;
            FillRect(x0, y0 + i * (y1 - y0) / steps, x1, y0 + (i + 1) * (y1 - y0) / steps, colormap.At(t));
        }
        DrawRect(x0, y0, x1, y1, textColor);
        DrawText(x1 + 4, y0, Ticks.Format(max), textColor);
        DrawText(x1 + 4, y1 - BitmapFont.GlyphHeight, Ticks.Format(min), textColor);
    }

    /// <summary>Writes the canvas as a PNG file.</summary>
    public void SavePng(string path) => PngWriter.Write(path, Width, Height, Pixels);
    /// <summary>The canvas as PNG bytes.</summary>
    public byte[] EncodePng() => PngWriter.Encode(Width, Height, Pixels);
}
