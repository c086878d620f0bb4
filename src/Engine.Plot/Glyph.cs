namespace Engine.Plot;

/// <summary>One bitmap glyph: <see cref="Width"/> columns by <see cref="BitmapFont.Rows"/> rows of ink.</summary>
internal sealed class Glyph
{
    private readonly bool[] _ink; // [Rows, Width] row-major

    public Glyph(int width, bool[] ink)
    {
        if (ink.Length != width * BitmapFont.Rows) throw new ArgumentException($"a glyph {width} wide needs {width * BitmapFont.Rows} cells, got {ink.Length}");
        Width = width;
        _ink = ink;
    }

    /// <summary>Inked columns.</summary>
    public int Width { get; }

    /// <summary>Whether (column, row) is inked; false outside the glyph.</summary>
    public bool Ink(int column, int row) =>
        (uint)column < (uint)Width && (uint)row < BitmapFont.Rows && _ink[row * Width + column];
}
