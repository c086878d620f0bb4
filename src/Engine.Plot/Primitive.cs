namespace Engine.Plot;

/// <summary>
/// One recorded drawing operation of a <see cref="Canvas"/>, in pixel coordinates (x right, y down). The canvas
/// keeps the list of what was drawn, so the same drawing is rasterised to PNG and written as SVG
/// (<see cref="SvgWriter"/>), and can be replayed on a larger canvas (<see cref="Canvas.Grow"/>).
/// </summary>
public abstract record Primitive
{
    private Primitive() { }

    /// <summary>This primitive shifted by (<paramref name="dx"/>, <paramref name="dy"/>) pixels.</summary>
    public abstract Primitive Moved(double dx, double dy);

    private static IReadOnlyList<(double X, double Y)> Shift(IReadOnlyList<(double X, double Y)> points, double dx, double dy) =>
        points.Select(p => (p.X + dx, p.Y + dy)).ToArray();

    /// <summary>Every pixel set to <paramref name="Color"/> (not blended); what was drawn before is gone.</summary>
    public sealed record Clear(Color Color) : Primitive
    {
        /// <inheritdoc/>
        public override Primitive Moved(double dx, double dy) => this;
    }

    /// <summary>A filled rectangle: the pixels whose centres lie in [X0, X1) × [Y0, Y1).</summary>
    public sealed record Rect(double X0, double Y0, double X1, double Y1, Color Fill) : Primitive
    {
        /// <inheritdoc/>
        public override Primitive Moved(double dx, double dy) => new Rect(X0 + dx, Y0 + dy, X1 + dx, Y1 + dy, Fill);
    }

    /// <summary>Connected segments with round caps; a non-finite point breaks the line. One point draws a dot.</summary>
    public sealed record Line(IReadOnlyList<(double X, double Y)> Points, Color Stroke, double Thickness) : Primitive
    {
        /// <inheritdoc/>
        public override Primitive Moved(double dx, double dy) => new Line(Shift(Points, dx, dy), Stroke, Thickness);
    }

    /// <summary>A disc (<paramref name="RingThickness"/> null) or a ring of that thickness centred on the radius.</summary>
    public sealed record Circle(double Cx, double Cy, double Radius, Color Color, double? RingThickness) : Primitive
    {
        /// <inheritdoc/>
        public override Primitive Moved(double dx, double dy) => new Circle(Cx + dx, Cy + dy, Radius, Color, RingThickness);
    }

    /// <summary>A filled simple polygon (even-odd rule).</summary>
    public sealed record Polygon(IReadOnlyList<(double X, double Y)> Points, Color Fill) : Primitive
    {
        /// <inheritdoc/>
        public override Primitive Moved(double dx, double dy) => new Polygon(Shift(Points, dx, dy), Fill);
    }

    /// <summary>
    /// One line of text in <see cref="BitmapFont"/>. (<paramref name="Left"/>, <paramref name="Top"/>) is the top-left
    /// corner of its box; horizontal text reads left to right, vertical text bottom to top (turned 90°
    /// counter-clockwise).
    /// </summary>
    public sealed record Text(int Left, int Top, string Content, Color Color, int Scale, bool Bold, bool Vertical) : Primitive
    {
        /// <summary>Length of the line along its reading direction, in pixels.</summary>
        public int Length => BitmapFont.Width(Content, Scale, Bold);
        /// <summary>Height of the line across its reading direction, in pixels.</summary>
        public int Thickness => BitmapFont.Height(Scale);
        /// <summary>The pixel box the text occupies: [X0, X1) × [Y0, Y1).</summary>
        public (int X0, int Y0, int X1, int Y1) Bounds =>
            Vertical ? (Left, Top, Left + Thickness, Top + Length) : (Left, Top, Left + Length, Top + Thickness);

        /// <inheritdoc/>
        public override Primitive Moved(double dx, double dy) => this with { Left = Left + (int)Math.Round(dx), Top = Top + (int)Math.Round(dy) };
    }

    /// <summary>
    /// A grid of coloured cells filling [X0, X1) × [Y0, Y1) (heatmaps, colour bars). <paramref name="Colors"/>:
    /// [Rows, Columns] row-major, row 0 at the top; transparent cells are left unpainted.
    /// </summary>
    public sealed record CellGrid(double X0, double Y0, double X1, double Y1, int Rows, int Columns, IReadOnlyList<Color> Colors) : Primitive
    {
        /// <inheritdoc/>
        public override Primitive Moved(double dx, double dy) => this with { X0 = X0 + dx, Y0 = Y0 + dy, X1 = X1 + dx, Y1 = Y1 + dy };
    }
}
