using System.Xml.Linq;
using Engine.Plot;

namespace Engine.Envs.Tests.Plot;

/// <summary>The SVG written beside each PNG: valid XML, the same drawing, the same bytes for the same input.</summary>
public class SvgTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static Canvas Figure()
    {
        var chart = new LineChart { Title = "R&D: σ ≤ 1 <ok>", XLabel = "step \"t\"", YLabel = "loss 'ω'", LogY = true, Width = 500, Height = 320 };
        chart.Add(new Series("reward & <discriminator>", [1.0, 2, 3, 4], [1.0, 0.5, 0.2, 0.1]));
        chart.Add(new Series("base", [1.0, 2, double.NaN, 4], [0.9, 0.7, 0.3, 0.05]));
        var canvas = chart.Render();
        canvas.DrawHeatmap([0, 1, double.NaN, 3, 4, 5], 2, 3, 100, 100, 130, 120, Colormap.Viridis);
        canvas.DrawMarker(200, 200, MarkerShape.Star, 10, Color.Red);
        canvas.DrawCircle(220, 200, 6, Color.Blue, 2);
        return canvas;
    }

    [Fact]
    public void The_svg_is_xml_with_every_label_escaped_and_whole()
    {
        var canvas = Figure();
        var doc = XDocument.Parse(canvas.EncodeSvg());
        Assert.Equal(Svg + "svg", doc.Root!.Name);
        Assert.Equal(canvas.Width.ToString(System.Globalization.CultureInfo.InvariantCulture), doc.Root.Attribute("width")!.Value);
        Assert.Equal(canvas.Height.ToString(System.Globalization.CultureInfo.InvariantCulture), doc.Root.Attribute("height")!.Value);
        var texts = doc.Descendants(Svg + "text").Select(e => e.Value).ToList();
        Assert.Equal(canvas.Texts.Select(t => t.Content), texts);
        foreach (var label in new[] { "R&D: σ ≤ 1 <ok>", "step \"t\"", "loss 'ω' (log scale)", "reward & <discriminator>", "base" })
            Assert.Contains(label, texts);
        // The y label is turned to read upwards; its length is pinned to the bitmap font's.
        var y = doc.Descendants(Svg + "text").Single(e => e.Value.StartsWith("loss", StringComparison.Ordinal));
        Assert.Contains("rotate(-90)", y.Attribute("transform")!.Value);
        Assert.Equal(BitmapFont.Width("loss 'ω' (log scale)").ToString(System.Globalization.CultureInfo.InvariantCulture), y.Attribute("textLength")!.Value);
        // A NaN breaks the line into two subpaths.
        Assert.Contains(doc.Descendants(Svg + "path"), p => p.Attribute("d")!.Value.Count(ch => ch == 'M') == 2);
    }

    [Fact]
    public void A_heatmap_is_embedded_as_an_image_of_its_cells()
    {
        var canvas = new Canvas(40, 20);
        canvas.DrawHeatmap([0, 1, double.NaN, 3], 2, 2, 0, 0, 40, 20, Colormap.Grays);
        var image = XDocument.Parse(canvas.EncodeSvg()).Descendants(Svg + "image").Single();
        Assert.Equal(("40", "20"), (image.Attribute("width")!.Value, image.Attribute("height")!.Value));
        var href = image.Attribute(XNamespace.Get("http://www.w3.org/1999/xlink") + "href")!.Value;
        const string prefix = "data:image/png;base64,";
        Assert.StartsWith(prefix, href);
        var (w, h, rgba) = PngWriterTests.Decode(Convert.FromBase64String(href[prefix.Length..]));
        Assert.Equal((2, 2), (w, h));
        Assert.Equal(Colormap.Grays.At(1.0 / 3), new Color(rgba[4], rgba[5], rgba[6], rgba[7]));
        Assert.Equal(0, rgba[11]); // NaN: transparent, as the raster leaves it unpainted
        Assert.Equal(Colormap.Grays.At(1.0 / 3), canvas.GetPixel(30, 5));
    }

    [Fact]
    public void The_same_drawing_gives_the_same_png_and_svg_bytes()
    {
        using var a = new TempDirectory();
        using var b = new TempDirectory();
        Assert.Equal(a.File("f.svg"), Figure().SavePngAndSvg(a.File("f.png")));
        Figure().SavePngAndSvg(b.File("f.png"));
        Assert.Equal(["f.png", "f.svg"], Directory.GetFiles(a.Path).Select(Path.GetFileName).Order());
        Assert.Equal(File.ReadAllBytes(a.File("f.png")), File.ReadAllBytes(b.File("f.png")));
        Assert.Equal(File.ReadAllBytes(a.File("f.svg")), File.ReadAllBytes(b.File("f.svg")));
        Assert.Equal(Figure().Pixels, PngWriterTests.Decode(File.ReadAllBytes(a.File("f.png"))).Rgba);
        Assert.Throws<ArgumentException>(() => Figure().SavePngAndSvg(a.File("f.svg")));
    }

    [Fact]
    public void Growing_replays_the_drawing_shifted_on_the_background()
    {
        var canvas = new Canvas(30, 20, Color.Gray);
        canvas.DrawLine(2, 2, 27, 17, Color.Red, 2); // all inside: growing shows ink that fell off the edge too
        canvas.FillCircle(10, 10, 4, Color.Blue.WithAlpha(128));
        canvas.DrawText(2, 2, "ab", Color.Black);
        var grown = canvas.Grow(5, 7, 3, 2);
        Assert.Equal((38, 29), (grown.Width, grown.Height));
        for (int y = 0; y < grown.Height; y++)
            for (int x = 0; x < grown.Width; x++)
            {
                bool inside = x >= 5 && x < 35 && y >= 7 && y < 27;
                Assert.Equal(inside ? canvas.GetPixel(x - 5, y - 7) : Color.Gray, grown.GetPixel(x, y));
            }
        Assert.Equal(canvas.Primitives.Count, grown.Primitives.Count);

        canvas.DrawText(-20, 15, "cut off?", Color.Black);
        var fitted = canvas.GrowToFitText();
        ChartTests.AllTextInside(fitted);
        Assert.Same(fitted, fitted.GrowToFitText());
    }
}
