using System.Buffers.Binary;
using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Engine.Plot;

namespace Engine.Experiments.Tests;

/// <summary>
/// Checks the figures an experiment wrote: every PNG has an SVG of the same size beside it, the SVG is XML, each
/// text lies inside the image, and no label marks a log axis twice ("loss (log10) (log)").
/// </summary>
internal static class FigureAudit
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    /// <summary>Audits every figure under <paramref name="folder"/>; there must be at least <paramref name="atLeast"/>.</summary>
    public static void Check(string folder, int atLeast)
    {
        var pngs = Directory.GetFiles(folder, "*.png", SearchOption.AllDirectories);
        Assert.True(pngs.Length >= atLeast, $"{pngs.Length} figures under {folder}, expected at least {atLeast}");
        foreach (var png in pngs)
        {
            string svg = Path.ChangeExtension(png, ".svg");
            Assert.True(File.Exists(svg), $"no SVG beside {png}");
            var bytes = File.ReadAllBytes(png);
            int width = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), height = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20));
            var root = XDocument.Load(svg).Root!;
            Assert.Equal((width, height), (Number(root, "width"), Number(root, "height")));
            foreach (var text in root.Descendants(Svg + "text"))
            {
                Assert.True(Regex.Matches(text.Value, @"\blog", RegexOptions.IgnoreCase).Count <= 1, $"'{text.Value}' in {svg} marks the log scale twice");
                var (x0, y0, x1, y1) = Box(text);
                Assert.True(x0 >= 0 && y0 >= 0 && x1 <= width && y1 <= height, $"'{text.Value}' in {svg} leaves the {width}×{height} image");
            }
        }
    }

    private static double Number(XElement e, string attribute) => double.Parse(e.Attribute(attribute)!.Value, CultureInfo.InvariantCulture);

    /// <summary>The text's box as <see cref="SvgWriter"/> places it: x and y are the start of the baseline, turned by the transform if any.</summary>
    private static (double X0, double Y0, double X1, double Y1) Box(XElement text)
    {
        double scale = Number(text, "font-size") / SvgWriter.FontPixels, length = Number(text, "textLength");
        double x = Number(text, "x"), top = Number(text, "y") - BitmapFont.Ascent * scale, thickness = BitmapFont.Rows * scale;
        if (text.Attribute("transform") is not { } transform) return (x, top, x + length, top + thickness);
        var m = Regex.Match(transform.Value, @"^translate\((\S+) (\S+)\) rotate\(-90\)$");
        Assert.True(m.Success, $"unexpected transform '{transform.Value}'");
        double tx = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), ty = double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
        // rotate(-90) sends (u, v) to (v, -u): the line runs upwards from (tx, ty).
        return (tx + top, ty - x - length, tx + top + thickness, ty - x);
    }
}
