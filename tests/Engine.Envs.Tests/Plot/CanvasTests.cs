using Engine.Envs.Maze2D;
using Engine.Plot;

namespace Engine.Envs.Tests.Plot;

public class CanvasTests
{
    private static int Count(Canvas c, Color color)
    {
        int n = 0;
        for (int y = 0; y < c.Height; y++)
            for (int x = 0; x < c.Width; x++)
                if (c.GetPixel(x, y) == color) n++;
        return n;
    }

    [Fact]
    public void FillRectCoversExactlyTheCoveredPixels()
    {
        var c = new Canvas(20, 20);
        c.FillRect(2, 3, 7, 11, Color.Blue);
        Assert.Equal(5 * 8, Count(c, Color.Blue));
        Assert.Equal(Color.Blue, c.GetPixel(2, 3));
        Assert.Equal(Color.White, c.GetPixel(7, 3));
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(4.0)]
    public void LinesHaveNoGapsAndTheirThickness(double thickness)
    {
        var c = new Canvas(100, 100);
        c.DrawLine(10, 10, 90, 60, Color.Black, thickness);
        // Every column the segment spans is inked, and nothing is farther than thickness/2 + 1 from the line.
        for (int x = 11; x < 90; x++)
            Assert.Contains(Enumerable.Range(0, 100), y => c.GetPixel(x, y) == Color.Black);
        double len = Math.Sqrt(80 * 80 + 50 * 50);
        for (int y = 0; y < 100; y++)
            for (int x = 0; x < 100; x++)
                if (c.GetPixel(x, y) == Color.Black)
                {
                    double d = Math.Abs(50 * (x + 0.5 - 10) - 80 * (y + 0.5 - 10)) / len;
                    Assert.True(d <= thickness / 2 + 1, $"pixel ({x}, {y}) is {d} from the line");
                }
    }

    [Fact]
    public void FilledCircleHasTheDiscArea()
    {
        var c = new Canvas(200, 200);
        c.FillCircle(100, 100, 40, Color.Green);
        Assert.InRange(Count(c, Color.Green), Math.PI * 1600 * 0.97, Math.PI * 1600 * 1.03);
    }

    [Fact]
    public void HalfTransparentBlendMixesColours()
    {
        var c = new Canvas(2, 2, Color.Black);
        c.Blend(0, 0, new Color(255, 255, 255, 128));
        Assert.InRange(c.GetPixel(0, 0).R, 127, 129);
    }

    [Fact]
    public void TextStaysInsideItsBox()
    {
        var c = new Canvas(120, 40);
        var box = c.DrawText(10, 5, "Maze 42% (y)", Color.Black, scale: 2);
        Assert.Equal((10, 5, 10 + BitmapFont.Width("Maze 42% (y)", 2), 5 + 2 * BitmapFont.Rows), box);
        for (int y = 0; y < c.Height; y++)
            for (int x = 0; x < c.Width; x++)
                if (c.GetPixel(x, y) == Color.Black)
                {
                    Assert.InRange(x, box.X0, box.X1 - 1);
                    Assert.InRange(y, box.Y0, box.Y1 - 1);
                }
        Assert.True(Count(c, Color.Black) > 100);
    }

    [Fact]
    public void ColormapEndsAreItsAnchors()
    {
        Assert.Equal(Color.Hex("#440154"), Colormap.Viridis.At(0));
        Assert.Equal(Color.Hex("#fde725"), Colormap.Viridis.At(1));
        Assert.Equal(Color.Hex("#fde725"), Colormap.Viridis.At(7, 0, 5)); // clamped
        var mid = Colormap.Grays.At(0.5);
        Assert.InRange(mid.R, 127, 128);
    }

    [Fact]
    public void HeatmapPaintsCellsWithTheirColours()
    {
        var c = new Canvas(40, 20);
        c.DrawHeatmap([0, 1, double.NaN, 3], 2, 2, 0, 0, 40, 20, Colormap.Grays);
        Assert.Equal(Colormap.Grays.At(0), c.GetPixel(5, 5));
        Assert.Equal(Colormap.Grays.At(1.0 / 3), c.GetPixel(30, 5));
        Assert.Equal(Color.White, c.GetPixel(5, 15)); // NaN left unpainted
        Assert.Equal(Colormap.Grays.At(1), c.GetPixel(30, 15));
    }

    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(-3.7, 12.2)]
    [InlineData(1e-4, 3e-4)]
    public void NiceTicksCoverTheRangeWithRoundSteps(double min, double max)
    {
        var ticks = Ticks.Nice(min, max);
        Assert.InRange(ticks.Count, 3, 12);
        Assert.All(ticks, t => Assert.InRange(t, min - 1e-12, max + 1e-12));
        double step = ticks[1] - ticks[0];
        double mantissa = step / Math.Pow(10, Math.Floor(Math.Log10(step)));
        Assert.Contains([1.0, 2.0, 5.0], m => Math.Abs(m - mantissa) < 1e-6);
    }

    [Fact]
    public void LineChartDrawsEachSeriesInItsColour()
    {
        var chart = new LineChart { Title = "loss", Width = 400, Height = 300 };
        chart.Add("a", [1.0, 2.0, 3.0], Color.Red).Add("b", [3.0, 1.0, 2.0], Color.Green);
        var canvas = chart.Render();
        Assert.True(Count(canvas, Color.Red) > 100);
        Assert.True(Count(canvas, Color.Green) > 100);
        Assert.Throws<ArgumentException>(() => chart.Add(new Series("bad", [1.0], [1.0, 2.0])));
    }

    [Fact]
    public void MazeRendererPlacesWallsFieldAndGoal()
    {
        var layout = MazeLayout.UMaze;
        var r = new MazeRenderer(layout, 20);
        var field = MazeRenderer.SampleField(layout, (x, y) => x, 1);
        Assert.True(double.IsNaN(field[0])); // cell (0, 0) is a wall
        Assert.Equal(1.0, field[1 * layout.Cols + 1]);
        r.DrawField(field, layout.Rows, layout.Cols, Colormap.Grays).DrawWalls(Color.Black).DrawGoal(1, 1, Color.Red);
        var (wx, wy) = r.ToPixel(2, 1); // wall
        Assert.Equal(Color.Black, r.Canvas.GetPixel((int)wx, (int)wy));
        var (fx, fy) = r.ToPixel(3, 3); // free, x = 3 is the field maximum
        Assert.Equal(Colormap.Grays.At(1), r.Canvas.GetPixel((int)fx + 3, (int)fy + 3));
        var (gx, gy) = r.ToPixel(1, 1);
        Assert.Equal(Color.Red, r.Canvas.GetPixel((int)gx, (int)gy));
    }
}
