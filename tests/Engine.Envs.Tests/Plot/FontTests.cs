using Engine.Plot;

namespace Engine.Envs.Tests.Plot;

/// <summary>The built-in bitmap font: coverage, distinct glyphs, proportional widths, wrapping.</summary>
public class FontTests
{
    private const string Lower = "abcdefghijklmnopqrstuvwxyz";
    private const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string GreekAndMaths = "αβγδεηθικλμνξπρστυφχψωΓΔΘΛΠΣΦΨΩ±×÷·≤≥≠≈∞∇∂√→←↑↓°µ²³¹⁰⁻₀₁₂−–—…";

    /// <summary>The ink of <paramref name="c"/> as text, to compare glyphs.</summary>
    private static string Bitmap(char c) => string.Concat(
        Enumerable.Range(0, BitmapFont.Rows).Select(row =>
            string.Concat(Enumerable.Range(0, BitmapFont.GlyphWidth(c)).Select(col => BitmapFont.Ink(c, col, row) ? '#' : '.')) + "/"));

    private static int InkedPixels(string text, int scale = 1, bool bold = false)
    {
        var canvas = new Canvas(Math.Max(1, BitmapFont.Width(text, scale, bold)) + 4, BitmapFont.Height(scale) + 4);
        canvas.DrawText(2, 2, text, Color.Black, scale, bold: bold);
        return Enumerable.Range(0, canvas.Pixels.Length / 4).Count(i => canvas.Pixels[4 * i] == 0);
    }

    [Fact]
    public void Covers_printable_ascii_lower_case_greek_and_the_maths_signs()
    {
        for (char c = ' '; c <= '~'; c++) Assert.True(BitmapFont.Has(c), $"no glyph for '{c}'");
        Assert.All(GreekAndMaths, c => Assert.True(BitmapFont.Has(c), $"no glyph for '{c}' (U+{(int)c:X4})"));
        Assert.False(BitmapFont.Has('\u4E00'));
        Assert.Equal(Bitmap(BitmapFont.Replacement), Bitmap('\u4E00')); // unknown characters draw the box
    }

    [Fact]
    public void Lower_case_and_greek_letters_are_drawn_with_their_own_ink()
    {
        string box = Bitmap(BitmapFont.Replacement);
        foreach (char c in Lower + GreekAndMaths)
        {
            Assert.True(InkedPixels(c.ToString()) >= (char.IsLetter(c) ? 3 : 1), $"'{c}' draws almost nothing");
            Assert.NotEqual(box, Bitmap(c));
        }
        // Lower case is its own design, not the capitals again (o, s, v, w, x, z may share a shape, drawn smaller).
        for (int i = 0; i < Lower.Length; i++)
            Assert.NotEqual(Bitmap(Upper[i]), Bitmap(Lower[i]));
        // Descenders reach below the baseline, capitals do not.
        static bool InkBelowBaseline(char c) => Enumerable.Range(BitmapFont.Ascent, BitmapFont.Rows - BitmapFont.Ascent)
            .Any(row => Enumerable.Range(0, BitmapFont.GlyphWidth(c)).Any(col => BitmapFont.Ink(c, col, row)));
        Assert.All("gjpqyρημφχψβ", c => Assert.True(InkBelowBaseline(c), $"'{c}' has no descender"));
        Assert.All(Upper + "0123456789acemnorsuvwxzωσατ", c => Assert.False(InkBelowBaseline(c), $"'{c}' reaches below the baseline"));
    }

    [Fact]
    public void No_two_characters_look_the_same_but_the_intended_twins()
    {
        // Twins by design: micro sign and mu, minus and en dash, n-ary sum and capital sigma.
        var twins = new HashSet<(char, char)> { ('µ', 'μ'), ('–', '−'), ('Σ', '∑') };
        var byBitmap = BitmapFont.Characters.GroupBy(Bitmap).Where(g => g.Count() > 1);
        foreach (var group in byBitmap)
        {
            var pair = group.Order().ToArray();
            Assert.True(pair.Length == 2 && twins.Contains((pair[0], pair[1])), $"same glyph: {string.Join(" ", pair)}");
        }
    }

    [Fact]
    public void Widths_are_proportional_and_add_up()
    {
        Assert.True(BitmapFont.Width("iiii") < BitmapFont.Width("mmmm"));
        Assert.True(BitmapFont.GlyphWidth('l') < BitmapFont.GlyphWidth('W'));
        Assert.Equal(BitmapFont.GlyphWidth('a') + BitmapFont.Spacing + BitmapFont.GlyphWidth('ω'), BitmapFont.Width("aω"));
        Assert.Equal(3 * BitmapFont.Width("σ ≤ 1"), BitmapFont.Width("σ ≤ 1", scale: 3));
        Assert.Equal(BitmapFont.Width("loss") + 4, BitmapFont.Width("loss", bold: true)); // a column per glyph
        Assert.Equal(0, BitmapFont.Width(""));
        Assert.Equal(Enumerable.Repeat(BitmapFont.GlyphWidth('0'), 10), "0123456789".Select(BitmapFont.GlyphWidth)); // tabular digits
        Assert.True(InkedPixels("loss", bold: true) > InkedPixels("loss"));
    }

    [Theory]
    [InlineData("discriminator goal 1 seed 0 with a very long name", 90)]
    [InlineData("supercalifragilisticexpialidocious", 40)]
    [InlineData("two\nlines", 500)]
    public void Wrapping_keeps_every_character_and_stays_within_the_width(string text, int width)
    {
        var lines = BitmapFont.Wrap(text, width);
        Assert.All(lines, l => Assert.True(BitmapFont.Width(l) <= width || l.Length == 1, $"'{l}' is wider than {width}"));
        Assert.Equal(text.Replace(" ", "").Replace("\n", ""), string.Concat(lines).Replace(" ", ""));
        Assert.Equal(text.Contains('\n') ? 2 : lines.Count, lines.Count);
        Assert.Equal(["a b c"], BitmapFont.Wrap("a b c", 1000));
    }
}
