using System.Text.RegularExpressions;
using Engine.Envs.Maze2D;
using Engine.Plot;

namespace Engine.Envs.Tests.Plot;

/// <summary>Charts show every title, label and legend entry whole, inside the image.</summary>
public class ChartTests
{
    internal static void AllTextInside(Canvas canvas)
    {
        Assert.NotEmpty(canvas.Texts);
        foreach (var t in canvas.Texts)
        {
            var (x0, y0, x1, y1) = t.Bounds;
            Assert.True(x0 >= 0 && y0 >= 0 && x1 <= canvas.Width && y1 <= canvas.Height,
                $"'{t.Content}' at ({x0}, {y0})–({x1}, {y1}) leaves the {canvas.Width}×{canvas.Height} image");
        }
    }

    private static double[] Steps(int n) => Enumerable.Range(0, n).Select(i => (double)i).ToArray();

    [Fact]
    public void A_long_legend_label_is_shown_whole_inside_the_image()
    {
        const string name = "discriminator goal 1 seed 0, held-out episodes & <test> pairs";
        var chart = new LineChart { Title = "training losses", XLabel = "step", YLabel = "loss", Width = 480, Height = 300 };
        chart.Add(new Series(name, Steps(50), Steps(50).Select(x => 1 + Math.Sin(x / 5)).ToArray()));
        chart.Add(new Series("reward", Steps(50), Steps(50).Select(x => 1 + Math.Cos(x / 5)).ToArray()));
        var canvas = chart.Render();
        AllTextInside(canvas);
        Assert.Single(canvas.Texts, t => t.Content == name);
        Assert.Single(canvas.Texts, t => t.Content == "reward");
        Assert.Contains(">discriminator goal 1 seed 0, held-out episodes &amp; &lt;test&gt; pairs</text>", canvas.EncodeSvg());
    }

    [Fact]
    public void A_label_wider_than_the_image_wraps_and_keeps_every_word()
    {
        string name = string.Join(" ", Enumerable.Range(0, 40).Select(i => $"word{i}"));
        var chart = new HistogramChart(0, 10, 5) { Title = name, XLabel = name, Width = 300, Height = 200 };
        chart.Add(name, [1.0, 2.0, 2.5, 7.0]);
        var canvas = chart.Render();
        AllTextInside(canvas);
        var words = canvas.Texts.SelectMany(t => t.Content.Split(' ')).ToList();
        for (int i = 0; i < 40; i++) Assert.Equal(3, words.Count(w => w == $"word{i}")); // title, x label and legend
        Assert.Contains(canvas.Texts, t => t.Content.EndsWith("word39 (n=4)", StringComparison.Ordinal)); // the legend's last line
    }

    [Fact]
    public void The_legend_takes_a_corner_free_of_data()
    {
        // A rising line crosses the top-right and bottom-left corners; the top-left one is free.
        var chart = new LineChart { Width = 600, Height = 400 };
        chart.Add(new Series("rising", Steps(100), Steps(100)));
        var canvas = chart.Render();
        var label = canvas.Texts.Single(t => t.Content == "rising").Bounds;
        Assert.True(label.X1 < canvas.Width / 2 && label.Y1 < canvas.Height / 2, $"legend at {label}");
        Assert.Equal(400, canvas.Height);
    }

    [Fact]
    public void Too_many_entries_go_below_the_plot_and_the_image_grows()
    {
        var chart = new LineChart { Title = "training losses", XLabel = "step", YLabel = "loss", LogY = true, Width = 900, Height = 520 };
        for (int i = 0; i < 40; i++)
            chart.Add(new Series($"discriminator goal {i / 5} seed {i % 5}", Steps(30), Steps(30).Select(x => Math.Exp(-x / (5 + i))).ToArray()));
        var canvas = chart.Render();
        AllTextInside(canvas);
        Assert.True(canvas.Height > 520);
        var xLabel = canvas.Texts.Single(t => t.Content == "step").Bounds;
        for (int i = 0; i < 40; i++)
            Assert.True(canvas.Texts.Single(t => t.Content == $"discriminator goal {i / 5} seed {i % 5}").Bounds.Y0 >= xLabel.Y1);
    }

    [Theory]
    [InlineData("loss (log10)", true, "loss (log10)")]
    [InlineData("loss", true, "loss (log scale)")]
    [InlineData("", true, "log scale")]
    [InlineData("loss", false, "loss")]
    public void A_log_axis_is_marked_once(string label, bool log, string shown)
    {
        var chart = new LineChart { YLabel = label, LogY = log };
        chart.Add(new Series("a", Steps(20), Steps(20).Select(x => 1 + x * x).ToArray()));
        var canvas = chart.Render();
        Assert.Single(canvas.Texts, t => t.Vertical && t.Content == shown);
        Assert.All(canvas.Texts, t => Assert.True(Regex.Matches(t.Content, "log", RegexOptions.IgnoreCase).Count <= 1, t.Content));
    }

    [Fact]
    public void Log_ticks_within_one_decade_use_1_2_5()
    {
        var ticks = Ticks.NiceLog10(Math.Log10(0.04), Math.Log10(0.6));
        Assert.Equal([0.05, 0.1, 0.2, 0.5], ticks.Select(t => Math.Round(Math.Pow(10, t), 12)));
        Assert.Equal([-3.0, -2.0, -1.0, 0.0], Ticks.NiceLog10(-3.2, 0.4));
        Assert.Equal(Enumerable.Range(0, 7).Select(k => -12.0 + 2 * k), Ticks.NiceLog10(-12, 0.5)); // many decades: every second
        Assert.Equal([-20.0, -15, -10, -5, 0], Ticks.NiceLog10(-20, 0.5));
    }

    [Fact]
    public void A_maze_title_too_long_for_its_strip_grows_the_saved_image()
    {
        var r = new MazeRenderer(MazeLayout.UMaze, 20);
        string title = string.Join(" ", Enumerable.Repeat("umaze goal 1 seed 0: discriminator", 6));
        r.DrawWalls().DrawTitle(title);
        using var dir = new TempDirectory();
        r.SavePngAndSvg(dir.File("maze.png"));
        var (width, height, _) = PngWriterTests.Decode(File.ReadAllBytes(dir.File("maze.png")));
        Assert.Equal(r.Canvas.Width, width);
        Assert.True(height > r.Canvas.Height);
        var grown = r.Canvas.GrowToFitText();
        AllTextInside(grown);
        Assert.Equal(title.Replace(" ", ""), string.Concat(grown.Texts.Select(t => t.Content.Replace(" ", ""))));
        Assert.Contains($"height=\"{height}\"", File.ReadAllText(dir.File("maze.svg")));
    }
}
