namespace Engine.Plot;

/// <summary>An 8-bit RGBA colour; A = 255 is opaque, A = 0 invisible.</summary>
public readonly record struct Color(byte R, byte G, byte B, byte A = 255)
{
    /// <summary>An opaque colour from 0–255 components.</summary>
    public static Color Rgb(int r, int g, int b) => new((byte)r, (byte)g, (byte)b);
    /// <summary>From "#rrggbb" or "#rrggbbaa".</summary>
    public static Color Hex(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        var s = hex.TrimStart('#');
        if (s.Length is not (6 or 8)) throw new ArgumentException($"Colour '{hex}' must be #rrggbb or #rrggbbaa.", nameof(hex));
        byte P(int i) => Convert.ToByte(s.Substring(i, 2), 16);
        return new Color(P(0), P(2), P(4), s.Length == 8 ? P(6) : (byte)255);
    }
    /// <summary>The same colour with alpha <paramref name="alpha"/>.</summary>
    public Color WithAlpha(byte alpha) => this with { A = alpha };

    /// <summary>White.</summary>
    public static readonly Color White = new(255, 255, 255);
    /// <summary>Black.</summary>
    public static readonly Color Black = new(0, 0, 0);
    /// <summary>Mid grey.</summary>
    public static readonly Color Gray = new(128, 128, 128);
    /// <summary>Light grey (grid lines).</summary>
    public static readonly Color LightGray = new(210, 210, 210);
    /// <summary>Red (Tableau 10).</summary>
    public static readonly Color Red = new(214, 39, 40);
    /// <summary>Green (Tableau 10).</summary>
    public static readonly Color Green = new(44, 160, 44);
    /// <summary>Blue (Tableau 10).</summary>
    public static readonly Color Blue = new(31, 119, 180);
    /// <summary>Orange (Tableau 10).</summary>
    public static readonly Color Orange = new(255, 127, 14);
    /// <summary>Purple (Tableau 10).</summary>
    public static readonly Color Purple = new(148, 103, 189);
    /// <summary>Fully transparent.</summary>
    public static readonly Color Transparent = new(0, 0, 0, 0);

    /// <summary>Distinct colours for data series (matplotlib's tab10 order).</summary>
    public static IReadOnlyList<Color> Palette { get; } =
    [
        Blue, Orange, Green, Red, Purple, Hex("#8c564b"), Hex("#e377c2"), Hex("#7f7f7f"), Hex("#bcbd22"), Hex("#17becf"),
    ];
}
