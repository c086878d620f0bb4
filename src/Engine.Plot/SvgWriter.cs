using System.Globalization;
using System.Text;

namespace Engine.Plot;

/// <summary>
/// Writes a <see cref="Canvas"/>'s recorded <see cref="Primitive"/>s as an SVG 1.1 document of the same size, so a
/// figure's SVG and PNG come from one drawing. Rectangles and cells are snapped to the pixels the raster fills; cell
/// grids (heatmaps, colour bars) are embedded as PNG images scaled without smoothing; text is real SVG text
/// (searchable, selectable) in the viewer's sans-serif font, stretched to the bitmap font's measured length so the
/// layout is the same. Numbers are written with the invariant culture: the same drawing gives the same bytes.
/// </summary>
public static class SvgWriter
{
    /// <summary>Font size of SVG text per unit of text scale: a sans-serif font's capitals (about 0.72 em) then match the bitmap font's 8-row capitals.</summary>
    public const double FontPixels = 11;

    /// <summary>The SVG document of <paramref name="canvas"/>.</summary>
    public static string Encode(Canvas canvas)
    {
        ArgumentNullException.ThrowIfNull(canvas);
        var svg = new StringBuilder();
        svg.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" version=\"1.1\" width=\"{canvas.Width}\" height=\"{canvas.Height}\" viewBox=\"0 0 {canvas.Width} {canvas.Height}\" xml:space=\"preserve\">\n");
        svg.Append("<g font-family=\"DejaVu Sans, Verdana, Arial, Helvetica, sans-serif\" stroke-linecap=\"round\" stroke-linejoin=\"round\">\n");
        foreach (var p in canvas.Primitives) Element(svg, p, canvas.Width, canvas.Height);
        svg.Append("</g>\n</svg>\n");
        return svg.ToString();
    }

    /// <summary>Writes the SVG of <paramref name="canvas"/> to <paramref name="path"/> atomically; the folder must exist.</summary>
    public static void Write(string path, Canvas canvas)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"Output directory '{directory}' does not exist (path '{path}').");
        Engine.IO.DurableFile.WriteAllText(full, Encode(canvas));
    }

    private static void Element(StringBuilder svg, Primitive primitive, int width, int height)
    {
        switch (primitive)
        {
            case Primitive.Clear c when c.Color.A > 0:
                svg.Append(Inv($"<rect x=\"0\" y=\"0\" width=\"{width}\" height=\"{height}\"{Paint("fill", c.Color)}/>\n"));
                break;
            case Primitive.Rect r:
                var (x0, x1) = Raster.Span(r.X0, r.X1);
                var (y0, y1) = Raster.Span(r.Y0, r.Y1);
                if (x1 > x0 && y1 > y0 && r.Fill.A > 0)
                    svg.Append(Inv($"<rect x=\"{x0}\" y=\"{y0}\" width=\"{x1 - x0}\" height=\"{y1 - y0}\"{Paint("fill", r.Fill)} shape-rendering=\"crispEdges\"/>\n"));
                break;
            case Primitive.Line l when l.Points.Count == 1:
                svg.Append(Inv($"<circle cx=\"{N(l.Points[0].X)}\" cy=\"{N(l.Points[0].Y)}\" r=\"{N(Math.Max(0.5, l.Thickness / 2))}\"{Paint("fill", l.Stroke)}/>\n"));
                break;
            case Primitive.Line l:
                string d = PathData(l.Points);
                if (d.Length > 0)
                    svg.Append(Inv($"<path d=\"{d}\" fill=\"none\"{Paint("stroke", l.Stroke)} stroke-width=\"{N(Math.Max(1, l.Thickness))}\"/>\n"));
                break;
            case Primitive.Circle c when c.RingThickness is double t:
                svg.Append(Inv($"<circle cx=\"{N(c.Cx)}\" cy=\"{N(c.Cy)}\" r=\"{N(c.Radius)}\" fill=\"none\"{Paint("stroke", c.Color)} stroke-width=\"{N(Math.Max(1, t))}\"/>\n"));
                break;
            case Primitive.Circle c:
                svg.Append(Inv($"<circle cx=\"{N(c.Cx)}\" cy=\"{N(c.Cy)}\" r=\"{N(Math.Max(0.5, c.Radius))}\"{Paint("fill", c.Color)}/>\n"));
                break;
            case Primitive.Polygon p:
                svg.Append(Inv($"<polygon points=\"{string.Join(" ", p.Points.Select(q => $"{N(q.X)},{N(q.Y)}"))}\"{Paint("fill", p.Fill)} fill-rule=\"evenodd\"/>\n"));
                break;
            case Primitive.Text t when t.Content.Length > 0:
                Text(svg, t);
                break;
            case Primitive.CellGrid g:
                var (gx0, gx1) = Raster.Span(g.X0, g.X1);
                var (gy0, gy1) = Raster.Span(g.Y0, g.Y1);
                var rgba = new byte[g.Rows * g.Columns * 4];
                for (int i = 0; i < g.Colors.Count; i++)
                {
                    var c = g.Colors[i];
                    rgba[4 * i] = c.R; rgba[4 * i + 1] = c.G; rgba[4 * i + 2] = c.B; rgba[4 * i + 3] = c.A;
                }
                string png = Convert.ToBase64String(PngWriter.Encode(g.Columns, g.Rows, rgba));
                svg.Append(Inv($"<image x=\"{gx0}\" y=\"{gy0}\" width=\"{gx1 - gx0}\" height=\"{gy1 - gy0}\" preserveAspectRatio=\"none\" image-rendering=\"optimizeSpeed\" style=\"image-rendering:pixelated\" xlink:href=\"data:image/png;base64,{png}\"/>\n"));
                break;
        }
    }

    /// <summary>
    /// Horizontal text starts at its box's left edge on the baseline; vertical text is the same element turned -90°
    /// about the box's bottom-left corner. textLength pins the length to the bitmap font's, whatever font the viewer has.
    /// </summary>
    private static void Text(StringBuilder svg, Primitive.Text t)
    {
        string place = t.Vertical
            ? Inv($"x=\"0\" y=\"{t.Scale * BitmapFont.Ascent}\" transform=\"translate({t.Left} {t.Top + t.Length}) rotate(-90)\"")
            : Inv($"x=\"{t.Left}\" y=\"{t.Top + t.Scale * BitmapFont.Ascent}\"");
        svg.Append(Inv($"<text {place} font-size=\"{N(FontPixels * t.Scale)}\"{(t.Bold ? " font-weight=\"bold\"" : "")} textLength=\"{t.Length}\" lengthAdjust=\"spacingAndGlyphs\"{Paint("fill", t.Color)}>"));
        svg.Append(Escape(t.Content));
        svg.Append("</text>\n");
    }

    /// <summary>"M x y L x y …", a new subpath after every non-finite point.</summary>
    private static string PathData(IReadOnlyList<(double X, double Y)> points)
    {
        var d = new StringBuilder();
        bool pen = false;
        foreach (var (x, y) in points)
        {
            if (!double.IsFinite(x) || !double.IsFinite(y)) { pen = false; continue; }
            if (d.Length > 0) d.Append(' ');
            d.Append(pen ? 'L' : 'M').Append(N(x)).Append(' ').Append(N(y));
            pen = true;
        }
        return d.ToString();
    }

    private static string Paint(string attribute, Color c) =>
        Inv($" {attribute}=\"#{c.R:x2}{c.G:x2}{c.B:x2}\"") + (c.A == 255 ? "" : Inv($" {attribute}-opacity=\"{N(c.A / 255.0)}\""));

    /// <summary>Text content safe in XML: the five markup characters escaped, control characters (not allowed in XML 1.0) dropped.</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var s = new StringBuilder(text.Length);
        foreach (char c in text)
            switch (c)
            {
                case '&': s.Append("&amp;"); break;
                case '<': s.Append("&lt;"); break;
                case '>': s.Append("&gt;"); break;
                case '"': s.Append("&quot;"); break;
                case '\'': s.Append("&apos;"); break;
                case < ' ' and not ('\t' or '\n' or '\r'):
                case '\uFFFE' or '\uFFFF':
                    break;
                default: s.Append(c); break;
            }
        return s.ToString();
    }

    private static string N(double v) => Math.Round(v, 3).ToString("0.###", CultureInfo.InvariantCulture);
    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
