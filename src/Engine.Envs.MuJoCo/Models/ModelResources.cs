namespace Engine.Envs.MuJoCo;

/// <summary>Access to the MJCF files embedded in this assembly.</summary>
public static class ModelResources
{
    /// <summary>The text of an embedded MJCF file, e.g. "hopper.xml".</summary>
    /// <exception cref="ArgumentException">No embedded model has that name.</exception>
    public static string Read(string fileName)
    {
        var name = $"Engine.Envs.MuJoCo.Models.{fileName}";
        using var stream = typeof(ModelResources).Assembly.GetManifestResourceStream(name)
            ?? throw new ArgumentException($"no embedded model named '{fileName}'", nameof(fileName));
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
