namespace Engine.Plot;

/// <summary>
/// Paints <see cref="Primitive"/>s onto an RGBA pixel buffer: pixel (x, y) covers [x, x+1) × [y, y+1) and is inked
/// when its centre lies inside the shape (no anti-aliasing), blended source-over with the colour's alpha.
/// </summary>
internal sealed class Raster(int width, int height, byte[] pixels)
{
    public void Paint(Primitive primitive)
    {
        switch (primitive)
        {
            case Primitive.Clear c: Clear(c.Color); break;
            case Primitive.Rect r: FillRect(r.X0, r.Y0, r.X1, r.Y1, r.Fill); break;
            case Primitive.Line l: Polyline(l.Points, l.Stroke, l.Thickness); break;
            case Primitive.Circle c when c.RingThickness is double t: Ring(c.Cx, c.Cy, c.Radius, c.Color, t); break;
            case Primitive.Circle c: Disc(c.Cx, c.Cy, c.Radius, c.Color); break;
            case Primitive.Polygon p: Polygon(p.Points, p.Fill); break;
            case Primitive.Text t: Text(t); break;
            case Primitive.CellGrid g: Cells(g); break;
            default: throw new ArgumentException($"unknown primitive {primitive.GetType().Name}", nameof(primitive));
        }
    }

    private void Clear(Color color)
    {
        for (int i = 0; i < pixels.Length; i += 4)
        {
            pixels[i] = color.R; pixels[i + 1] = color.G; pixels[i + 2] = color.B; pixels[i + 3] = color.A;
        }
    }

    private void Blend(int x, int y, Color color)
    {
        if ((uint)x >= (uint)width || (uint)y >= (uint)height || color.A == 0) return;
        int i = (y * width + x) * 4;
        if (color.A == 255)
        {
            pixels[i] = color.R; pixels[i + 1] = color.G; pixels[i + 2] = color.B; pixels[i + 3] = 255;
            return;
        }
        double a = color.A / 255.0;
        pixels[i] = (byte)Math.Round(color.R * a + pixels[i] * (1 - a));
        pixels[i + 1] = (byte)Math.Round(color.G * a + pixels[i + 1] * (1 - a));
        pixels[i + 2] = (byte)Math.Round(color.B * a + pixels[i + 2] * (1 - a));
        pixels[i + 3] = (byte)Math.Round(color.A + pixels[i + 3] * (1 - a));
    }

    /// <summary>The pixel columns (or rows) whose centres lie in [a, b): [first, end).</summary>
    public static (int First, int End) Span(double a, double b) => ((int)Math.Ceiling(a - 0.5), (int)Math.Ceiling(b - 0.5));

    private void FillRect(double x0, double y0, double x1, double y1, Color color)
    {
        if (x1 < x0) (x0, x1) = (x1, x0);
        if (y1 < y0) (y0, y1) = (y1, y0);
        var (ix0, ix1) = Span(x0, x1);
        var (iy0, iy1) = Span(y0, y1);
        for (int y = Math.Max(0, iy0); y < Math.Min(height, iy1); y++)
            for (int x = Math.Max(0, ix0); x < Math.Min(width, ix1); x++)
                Blend(x, y, color);
    }

    private void Segment(double x0, double y0, double x1, double y1, Color color, double thickness)
    {
        double r = Math.Max(thickness, 1) / 2;
        int minX = Math.Max(0, (int)Math.Floor(Math.Min(x0, x1) - r)), maxX = Math.Min(width - 1, (int)Math.Ceiling(Math.Max(x0, x1) + r));
        int minY = Math.Max(0, (int)Math.Floor(Math.Min(y0, y1) - r)), maxY = Math.Min(height - 1, (int)Math.Ceiling(Math.Max(y0, y1) + r));
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

    private void Polyline(IReadOnlyList<(double X, double Y)> points, Color color, double thickness)
    {
        if (points.Count == 1)
        {
            Disc(points[0].X, points[0].Y, thickness / 2, color);
            return;
        }
        for (int i = 1; i < points.Count; i++)
        {
            var (ax, ay) = points[i - 1];
            var (bx, by) = points[i];
            if (double.IsFinite(ax) && double.IsFinite(ay) && double.IsFinite(bx) && double.IsFinite(by))
                Segment(ax, ay, bx, by, color, thickness);
        }
    }

    private void Disc(double cx, double cy, double radius, Color color)
    {
        radius = Math.Max(radius, 0.5);
        int minX = Math.Max(0, (int)Math.Floor(cx - radius)), maxX = Math.Min(width - 1, (int)Math.Ceiling(cx + radius));
        int minY = Math.Max(0, (int)Math.Floor(cy - radius)), maxY = Math.Min(height - 1, (int)Math.Ceiling(cy + radius));
        for (int y = minY; y <= maxY; y++)
            for (int x = minX; x <= maxX; x++)
            {
                double ex = x + 0.5 - cx, ey = y + 0.5 - cy;
                if (ex * ex + ey * ey <= radius * radius) Blend(x, y, color);
            }
    }

    private void Ring(double cx, double cy, double radius, Color color, double thickness)
    {
        double h = Math.Max(thickness, 1) / 2, outer = radius + h, inner = Math.Max(0, radius - h);
        int minX = Math.Max(0, (int)Math.Floor(cx - outer)), maxX = Math.Min(width - 1, (int)Math.Ceiling(cx + outer));
        int minY = Math.Max(0, (int)Math.Floor(cy - outer)), maxY = Math.Min(height - 1, (int)Math.Ceiling(cy + outer));
        for (int y = minY; y <= maxY; y++)
            for (int x = minX; x <= maxX; x++)
            {
                double ex = x + 0.5 - cx, ey = y + 0.5 - cy, d2 = ex * ex + ey * ey;
                if (d2 <= outer * outer && d2 >= inner * inner) Blend(x, y, color);
            }
    }

    private void Polygon(IReadOnlyList<(double X, double Y)> points, Color color)
    {
        if (points.Count < 3) return;
        int minY = Math.Max(0, (int)Math.Floor(points.Min(p => p.Y))), maxY = Math.Min(height - 1, (int)Math.Ceiling(points.Max(p => p.Y)));
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
            {
                var (x0, x1) = Span(crossings[k], crossings[k + 1]);
                for (int x = Math.Max(0, x0); x < Math.Min(width, x1); x++) Blend(x, y, color);
            }
        }
    }

    /// <summary>Each inked font pixel becomes a scale × scale square; bold inks each one a font pixel to the right too.</summary>
    private void Text(Primitive.Text t)
    {
        int s = t.Scale, length = t.Length, pen = 0;
        foreach (char c in t.Content)
        {
            int w = BitmapFont.GlyphWidth(c);
            for (int row = 0; row < BitmapFont.Rows; row++)
                for (int col = 0; col < w + (t.Bold ? 1 : 0); col++)
                {
                    if (!BitmapFont.Ink(c, col, row) && !(t.Bold && BitmapFont.Ink(c, col - 1, row))) continue;
                    for (int dy = 0; dy < s; dy++)
                        for (int dx = 0; dx < s; dx++)
                        {
                            // Along the line u, across it v; vertical text turns the line 90° counter-clockwise.
                            int u = (pen + col) * s + dx, v = row * s + dy;
                            if (t.Vertical) Blend(t.Left + v, t.Top + length - 1 - u, t.Color);
                            else Blend(t.Left + u, t.Top + v, t.Color);
                        }
                }
            pen += BitmapFont.Advance(c, t.Bold);
        }
    }

    private void Cells(Primitive.CellGrid g)
    {
        double cw = (g.X1 - g.X0) / g.Columns, ch = (g.Y1 - g.Y0) / g.Rows;
        for (int r = 0; r < g.Rows; r++)
            for (int c = 0; c < g.Columns; c++)
            {
                var color = g.Colors[r * g.Columns + c];
                if (color.A > 0) FillRect(g.X0 + c * cw, g.Y0 + r * ch, g.X0 + (c + 1) * cw, g.Y0 + (r + 1) * ch, color);
            }
    }
}
