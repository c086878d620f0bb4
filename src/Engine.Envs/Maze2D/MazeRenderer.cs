using Engine.Plot;

namespace Engine.Envs.Maze2D;

/// <summary>
/// Draws a maze in the logical grid frame (cell (i, j) centred at qpos (i, j), rows downwards, columns to the right,
/// as in the layout strings) with optional scalar-field heatmap, trajectories, start and goal markers. Calls chain;
/// draw the field first, then walls, then paths and markers. The physical wall boxes (0.2 off the grid) can be
/// outlined too.
/// </summary>
public sealed class MazeRenderer
{
    private const int Left = 12, Top = 34, Bottom = 12, ColorbarSpace = 90;
    /// <summary>The maze drawn.</summary>
    public MazeLayout Layout { get; }
    /// <summary>Side of one maze cell in pixels.</summary>
    public int CellPixels { get; }
    /// <summary>The image being drawn on (margins, a title strip above and room for a colour bar on the right).</summary>
    public Canvas Canvas { get; }

    /// <summary>The range of cell sizes in pixels.</summary>
    public const int MinCellPixels = 4, MaxCellPixels = 512;

    /// <summary>A white canvas sized for <paramref name="layout"/>.</summary>
    /// <param name="layout">The maze to draw.</param>
    /// <param name="cellPixels">Side of a cell in pixels, <see cref="MinCellPixels"/>…<see cref="MaxCellPixels"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="cellPixels"/> is out of range.</exception>
    public MazeRenderer(MazeLayout layout, int cellPixels = 48)
    {
        ArgumentNullException.ThrowIfNull(layout);
        if (cellPixels < MinCellPixels || cellPixels > MaxCellPixels)
            throw new ArgumentOutOfRangeException(nameof(cellPixels), cellPixels, $"Cell size must be {MinCellPixels}…{MaxCellPixels} pixels.");
        Layout = layout;
        CellPixels = cellPixels;
        Canvas = new Canvas(Left + layout.Cols * cellPixels + ColorbarSpace, Top + layout.Rows * cellPixels + Bottom, Color.White);
    }

    /// <summary>Pixel position of qpos point (x = row coordinate, y = column coordinate).</summary>
    public (double Px, double Py) ToPixel(double x, double y) => (Left + (y + 0.5) * CellPixels, Top + (x + 0.5) * CellPixels);

    /// <summary>
    /// Samples <paramref name="f"/>(x, y) at the centres of a grid with <paramref name="perCell"/>² samples per cell over the
    /// whole maze. Returns <c>[Rows·perCell, Cols·perCell]</c>, NaN inside wall cells.
    /// </summary>
    public static double[] SampleField(MazeLayout layout, Func<double, double, double> f, int perCell)
    {
        ArgumentNullException.ThrowIfNull(f);
        if (perCell <= 0) throw new ArgumentOutOfRangeException(nameof(perCell), perCell, "perCell must be positive.");
        int rows = layout.Rows * perCell, cols = layout.Cols * perCell;
        var field = new double[rows * cols];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
            {
                double x = (r + 0.5) / perCell - 0.5, y = (c + 0.5) / perCell - 0.5;
                var (cr, cc) = (r / perCell, c / perCell);
                field[r * cols + c] = layout.IsWall(cr, cc) ? double.NaN : f(x, y);
            }
        return field;
    }

    /// <summary>A scalar field <c>[rows, cols]</c> spanning the whole maze extent, with a colour bar.</summary>
    public MazeRenderer DrawField(double[] field, int rows, int cols, Colormap? colormap = null, double? min = null, double? max = null, bool colorbar = true)
    {
        ArgumentNullException.ThrowIfNull(field);
        colormap ??= Colormap.Viridis;
        var finite = field.Where(double.IsFinite).ToArray();
        double lo = min ?? (finite.Length > 0 ? finite.Min() : 0), hi = max ?? (finite.Length > 0 ? finite.Max() : 1);
        var (x0, y0) = ToPixel(-0.5, -0.5);
        var (x1, y1) = ToPixel(Layout.Rows - 0.5, Layout.Cols - 0.5);
        Canvas.DrawHeatmap(field, rows, cols, x0, y0, x1, y1, colormap, lo, hi);
        if (colorbar)
        {
            double bx = Left + Layout.Cols * CellPixels + 12;
            Canvas.DrawColorbar(bx, Top, bx + 16, Top + Layout.Rows * CellPixels, colormap, lo, hi, Color.Black);
        }
        return this;
    }

    /// <summary>Wall cells of the logical grid, optionally with the physical wall boxes outlined.</summary>
    public MazeRenderer DrawWalls(Color? color = null, bool physicalOutline = false)
    {
        var fill = color ?? Color.Rgb(60, 60, 60);
        for (int r = 0; r < Layout.Rows; r++)
            for (int c = 0; c < Layout.Cols; c++)
            {
                if (!Layout.IsWall(r, c)) continue;
                var (x0, y0) = ToPixel(r - 0.5, c - 0.5);
                Canvas.FillRect(x0, y0, x0 + CellPixels, y0 + CellPixels, fill);
                if (physicalOutline)
                {
                    var (b0x, _, b0y, _) = WallCollider.WallBox(r, c);
                    var (p0x, p0y) = ToPixel(b0x, b0y);
                    Canvas.DrawRect(p0x, p0y, p0x + CellPixels, p0y + CellPixels, Color.Orange.WithAlpha(180));
                }
            }
        var (gx0, gy0) = ToPixel(-0.5, -0.5);
        Canvas.DrawRect(gx0, gy0, gx0 + Layout.Cols * CellPixels, gy0 + Layout.Rows * CellPixels, Color.Black);
        return this;
    }

    /// <summary>A path of qpos points.</summary>
    public MazeRenderer DrawTrajectory(IReadOnlyList<(double X, double Y)> points, Color? color = null, double thickness = 2)
    {
        ArgumentNullException.ThrowIfNull(points);
        Canvas.DrawPolyline(points.Select(p => ToPixel(p.X, p.Y)).ToList(), color ?? Color.Blue, thickness);
        return this;
    }

    /// <summary>Start marker: a filled circle with a dark rim.</summary>
    public MazeRenderer DrawStart(double x, double y, Color? color = null)
    {
        var (px, py) = ToPixel(x, y);
        Canvas.FillCircle(px, py, CellPixels * 0.1 + 1, Color.Black);
        Canvas.FillCircle(px, py, CellPixels * 0.1, color ?? Color.Green);
        return this;
    }

    /// <summary>Goal marker: a ring of diameter half a cell, as the paper draws goals, with a centre dot.</summary>
    public MazeRenderer DrawGoal(double x, double y, Color? color = null)
    {
        var (px, py) = ToPixel(x, y);
        var c = color ?? Color.Red;
        Canvas.DrawCircle(px, py, CellPixels * 0.25, c, Math.Max(2, CellPixels / 16.0));
        Canvas.FillCircle(px, py, Math.Max(1.5, CellPixels / 20.0), c);
        return this;
    }

    /// <summary>
    /// Writes <paramref name="title"/> in bold black above the maze, wrapped to the image's width; lines that do not
    /// fit the strip above the maze make the saved image taller (<see cref="Save"/>). Returns this renderer.
    /// </summary>
    public MazeRenderer DrawTitle(string title)
    {
        ArgumentNullException.ThrowIfNull(title);
        var lines = BitmapFont.Wrap(title, Canvas.Width - 2 * Left, bold: true);
        int lastTop = Top - 4 - BitmapFont.Rows;
        for (int i = 0; i < lines.Count; i++)
            Canvas.DrawText(Left, lastTop - (lines.Count - 1 - i) * BitmapFont.LineHeight, lines[i], Color.Black, bold: true);
        return this;
    }

    /// <summary>Writes the image as a PNG file, grown where a title or label reaches beyond the canvas.</summary>
    public void Save(string path) => Canvas.GrowToFitText().SavePng(path);

    /// <summary>As <see cref="Save"/>, and the SVG of the same drawing beside the PNG (same name, .svg).</summary>
    public void SavePngAndSvg(string pngPath) => Canvas.GrowToFitText().SavePngAndSvg(pngPath);
}
