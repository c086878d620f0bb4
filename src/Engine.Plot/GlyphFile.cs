using System.Globalization;

namespace Engine.Plot;

/// <summary>Reads the glyph text format described at the top of Fonts/EngineSans.glyphs.</summary>
internal static class GlyphFile
{
    /// <summary>The glyphs of the embedded resource <paramref name="name"/>.</summary>
    public static IReadOnlyDictionary<char, Glyph> LoadEmbedded(string name)
    {
        using var stream = typeof(GlyphFile).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"the font resource '{name}' is missing from {typeof(GlyphFile).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), name);
    }

    /// <summary>Glyphs by character. Throws <see cref="FormatException"/> naming the line of the first mistake.</summary>
    public static Dictionary<char, Glyph> Parse(string text, string source)
    {
        var glyphs = new Dictionary<char, Glyph>();
        var lines = text.Replace("\r\n", "\n").Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].TrimEnd();
            if (line.Length == 0 || line.StartsWith("//", StringComparison.Ordinal)) continue;
            FormatException Bad(int at, string why) => new($"{source} line {at + 1}: {why}");
            var header = line.Split(' ');
            if (header.Length != 2) throw Bad(i, $"expected a glyph header '<character> <top row>', got '{line}'");
            char c = header[0].StartsWith("U+", StringComparison.Ordinal) && header[0].Length > 2
                ? (char)int.Parse(header[0][2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture)
                : header[0].Length == 1 ? header[0][0] : throw Bad(i, $"'{header[0]}' is not one character or U+XXXX");
            if (!int.TryParse(header[1], NumberStyles.None, CultureInfo.InvariantCulture, out int top) || top >= BitmapFont.Rows)
                throw Bad(i, $"top row '{header[1]}' must be 0…{BitmapFont.Rows - 1}");
            var rows = new List<string>();
            while (i + 1 < lines.Length && lines[i + 1].TrimEnd() is { Length: > 0 } row)
            {
                if (row.Any(ch => ch is not ('#' or '.'))) throw Bad(i + 1, $"a glyph row holds only '#' and '.', got '{row}'");
                rows.Add(row);
                i++;
            }
            if (rows.Count == 0) throw Bad(i, $"glyph '{c}' has no rows");
            int width = rows[0].Length;
            if (rows.Any(r => r.Length != width)) throw Bad(i, $"the rows of glyph '{c}' differ in width");
            if (top + rows.Count > BitmapFont.Rows) throw Bad(i, $"glyph '{c}' runs below row {BitmapFont.Rows - 1}");
            var ink = new bool[width * BitmapFont.Rows];
            for (int r = 0; r < rows.Count; r++)
                for (int col = 0; col < width; col++)
                    ink[(top + r) * width + col] = rows[r][col] == '#';
            if (!glyphs.TryAdd(c, new Glyph(width, ink))) throw Bad(i, $"glyph '{c}' is defined twice");
        }
        return glyphs;
    }
}
