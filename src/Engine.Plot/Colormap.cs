namespace Engine.Plot;

/// <summary>Maps a value in [0, 1] to a colour by linear interpolation between evenly spaced anchors.</summary>
public sealed class Colormap
{
    private readonly Color[] _anchors;
    /// <summary>The colormap's name.</summary>
    public string Name { get; }

    /// <summary>A colormap interpolating linearly between <paramref name="anchors"/> (at least two, evenly spaced over [0, 1]).</summary>
    public Colormap(string name, IReadOnlyList<Color> anchors)
    {
        if (anchors is null || anchors.Count < 2) throw new ArgumentException("A colormap needs at least two anchors.", nameof(anchors));
        Name = name;
        _anchors = anchors.ToArray();
    }

    /// <summary>Colour at <paramref name="t"/> (clamped to [0, 1]; NaN maps to transparent).</summary>
    public Color At(double t)
    {
        if (double.IsNaN(t)) return Color.Transparent;
        t = Math.Clamp(t, 0, 1) * (_anchors.Length - 1);
        int i = Math.Min((int)t, _anchors.Length - 2);
        double f = t - i;
        var a = _anchors[i];
        var b = _anchors[i + 1];
        static byte Mix(byte x, byte y, double f) => (byte)Math.Round(x + (y - x) * f);
        return new Color(Mix(a.R, b.R, f), Mix(a.G, b.G, f), Mix(a.B, b.B, f), Mix(a.A, b.A, f));
    }

    /// <summary>Colour of <paramref name="value"/> on the scale [min, max].</summary>
    public Color At(double value, double min, double max) => At(max > min ? (value - min) / (max - min) : 0.5);

    /// <summary>Matplotlib's viridis, sampled at nine points (perceptually uniform, colour-blind safe).</summary>
    public static Colormap Viridis { get; } = new("viridis",
        new[] { "#440154", "#482878", "#3e4989", "#31688e", "#26828e", "#1f9e89", "#35b779", "#6ece58", "#fde725" }.Select(Color.Hex).ToArray());

    /// <summary>Black to white.</summary>
    public static Colormap Grays { get; } = new("grays", [Color.Black, Color.White]);

    /// <summary>Diverging blue–white–red for signed fields.</summary>
    public static Colormap BlueWhiteRed { get; } = new("bwr", [Color.Hex("#3b4cc0"), Color.White, Color.Hex("#b40426")]);

    /// <summary>A built-in colormap by name (case-insensitive).</summary>
    public static Colormap Named(string name) => name.ToLowerInvariant() switch
    {
        "viridis" => Viridis,
        "grays" or "gray" => Grays,
        "bwr" => BlueWhiteRed,
        _ => throw new ArgumentException($"Unknown colormap '{name}'; known: viridis, grays, bwr.", nameof(name)),
    };
}
