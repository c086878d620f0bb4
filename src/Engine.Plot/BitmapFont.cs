namespace Engine.Plot;

/// <summary>
/// Engine Sans, the built-in proportional bitmap font (drawn for this project, no font files or system fonts
/// needed): upper and lower case, digits, punctuation, superscript and subscript digits, Greek letters and the
/// mathematical signs used in labels (±, ×, ≤, ≥, ≈, ∇, ∂, √, →, …). A line of text is <see cref="Rows"/> pixel
/// rows tall at scale 1: capitals and digits are 8 rows, the x-height 6, descenders 3. Each glyph has its own
/// width and is followed by one column of spacing. A character the font lacks is drawn as a hollow box.
/// The glyphs are the text file Fonts/EngineSans.glyphs, embedded in the assembly.
/// </summary>
public static class BitmapFont
{
    /// <summary>Pixel rows of one line of text at scale 1 (ascender row to the lowest descender row).</summary>
    public const int Rows = 12;
    /// <summary>Rows above the baseline at scale 1: the baseline is the bottom of row <c>Ascent − 1</c>.</summary>
    public const int Ascent = 9;
    /// <summary>Rows from the top of one line to the top of the next at scale 1.</summary>
    public const int LineHeight = Rows + 2;
    /// <summary>Empty columns after every glyph at scale 1.</summary>
    public const int Spacing = 1;
    /// <summary>The character drawn for one the font lacks (a hollow box).</summary>
    public const char Replacement = '\uFFFD';

    private static readonly IReadOnlyDictionary<char, Glyph> Glyphs = GlyphFile.LoadEmbedded("Engine.Plot.Fonts.EngineSans.glyphs");

    /// <summary>Whether the font has a glyph of its own for <paramref name="c"/>.</summary>
    public static bool Has(char c) => Glyphs.ContainsKey(c);

    /// <summary>Every character the font can draw.</summary>
    public static IEnumerable<char> Characters => Glyphs.Keys.Order();

    /// <summary>Whether pixel (<paramref name="column"/>, <paramref name="row"/>) of <paramref name="c"/>'s glyph is inked; row 0 is the top of the line.</summary>
    public static bool Ink(char c, int column, int row) => GlyphOf(c).Ink(column, row);

    /// <summary>Inked columns of <paramref name="c"/>'s glyph at scale 1 (without the spacing after it).</summary>
    public static int GlyphWidth(char c) => GlyphOf(c).Width;

    /// <summary>Horizontal step from <paramref name="c"/> to the next character at scale 1; bold adds a column.</summary>
    public static int Advance(char c, bool bold = false) => GlyphOf(c).Width + Spacing + (bold ? 1 : 0);

    /// <summary>Pixel width of <paramref name="text"/> at <paramref name="scale"/>: the advances, less the trailing spacing.</summary>
    public static int Width(string text, int scale = 1, bool bold = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0) return 0;
        int sum = 0;
        foreach (char c in text) sum += Advance(c, bold);
        return (sum - Spacing) * Math.Max(1, scale);
    }

    /// <summary>Pixel height of one line of text at <paramref name="scale"/>.</summary>
    public static int Height(int scale = 1) => Rows * Math.Max(1, scale);

    /// <summary>
    /// <paramref name="text"/> broken into lines no wider than <paramref name="maxWidth"/> pixels: at spaces where
    /// possible, inside a word only when the word alone is wider. Line breaks in the text are kept. Nothing is dropped
    /// but the spaces at the breaks.
    /// </summary>
    public static IReadOnlyList<string> Wrap(string text, int maxWidth, int scale = 1, bool bold = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = new List<string>();
        foreach (var paragraph in text.Split('\n'))
        {
            string line = "";
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                string candidate = line.Length == 0 ? word : line + " " + word;
                if (Width(candidate, scale, bold) <= maxWidth) { line = candidate; continue; }
                if (line.Length > 0) lines.Add(line);
                line = word;
                // A word wider than the line on its own is split between characters.
                while (Width(line, scale, bold) > maxWidth && line.Length > 1)
                {
                    int fit = 1;
                    while (fit < line.Length - 1 && Width(line[..(fit + 1)], scale, bold) <= maxWidth) fit++;
                    lines.Add(line[..fit]);
                    line = line[fit..];
                }
            }
            lines.Add(line);
        }
        return lines;
    }

    private static Glyph GlyphOf(char c) => Glyphs.TryGetValue(c, out var g) ? g : Glyphs[Replacement];
}
