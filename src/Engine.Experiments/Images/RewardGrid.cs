using Engine.Plot;

namespace Engine.Experiments.Images;

/// <summary>
/// The paper's Figure 2/4 for scenes: images ordered by reward, highest first, in rows of a fixed width, each
/// framed by its ground truth (red frame: has the attribute; grey: does not), written as a PNG.
/// </summary>
public static class RewardGrid
{
    private const int Scale = 4, Frame = 1, Gap = 2;

    /// <summary>Writes <paramref name="images"/> ordered by descending <paramref name="rewards"/> to <paramref name="path"/> (atomically).</summary>
    public static void Write(string path, ImageSet images, IReadOnlyList<double> rewards, int columns)
    {
        if (rewards.Count != images.Count) throw new ArgumentException($"RewardGrid: {rewards.Count} rewards for {images.Count} images");
        var order = Enumerable.Range(0, images.Count).OrderByDescending(i => rewards[i]).ThenBy(i => i).ToArray();
        int s = images.Size, cell = s * Scale + 2 * Frame, pitch = cell + Gap;
        int cols = Math.Min(columns, Math.Max(1, order.Length)), rows = (order.Length + cols - 1) / cols;
        int width = cols * pitch + Gap, height = rows * pitch + Gap;
        var rgba = new byte[width * height * 4];
        Array.Fill(rgba, (byte)255);
        for (int k = 0; k < order.Length; k++)
        {
            int ox = Gap + k % cols * pitch, oy = Gap + k / cols * pitch;
            var frame = images.HasAttribute[order[k]] ? Color.Red : Color.Gray;
            for (int y = 0; y < cell; y++)
                for (int x = 0; x < cell; x++) Put(rgba, width, ox + x, oy + y, frame.R, frame.G, frame.B);
            var img = images.Image(order[k]);
            for (int y = 0; y < s * Scale; y++)
                for (int x = 0; x < s * Scale; x++)
                {
                    int p = y / Scale * s + x / Scale;
                    Put(rgba, width, ox + Frame + x, oy + Frame + y, Byte(img[p]), Byte(img[s * s + p]), Byte(img[2 * s * s + p]));
                }
        }
        PngWriter.Write(path, width, height, rgba);
    }

    private static byte Byte(float v) => (byte)Math.Clamp((int)Math.Round((v + 1) * 127.5), 0, 255);

    private static void Put(byte[] rgba, int width, int x, int y, byte r, byte g, byte b)
    {
        int i = (y * width + x) * 4;
        rgba[i] = r; rgba[i + 1] = g; rgba[i + 2] = b; rgba[i + 3] = 255;
    }
}
