using Engine.Diffusion;

namespace Engine.Experiments.Images;

/// <summary>
/// Images held on the host, [count, channels, size, size] in [−1, 1], with their attribute labels; a
/// <see cref="IDiffusionDataset"/> (unconditioned) for training a diffusion model on them.
/// </summary>
public sealed class ImageSet : IDiffusionDataset
{
    private readonly float[] _pixels;

    /// <summary>Wraps <paramref name="pixels"/> ([count, channels, size, size], flat) and one label per image.</summary>
    public ImageSet(float[] pixels, bool[] hasAttribute, int size, int channels = 3)
    {
        if (size <= 0 || channels <= 0 || pixels.Length != hasAttribute.Length * channels * size * size)
            throw new ArgumentException($"ImageSet: {pixels.Length} values are not {hasAttribute.Length} images of [{channels}, {size}, {size}]");
        _pixels = pixels; HasAttribute = hasAttribute; Size = size; Channels = channels;
    }

    /// <summary>Scenes of <see cref="ShapeScenes"/> drawn from <paramref name="g"/>.</summary>
    public static ImageSet Scenes(Generator g, int count, int size, double attributeFraction, SceneAttribute kind = SceneAttribute.RedCross)
    {
        var (pixels, labels) = ShapeScenes.Generate(g, count, size, attributeFraction, kind);
        return new ImageSet(pixels, labels, size);
    }

    /// <summary>Images in the set.</summary>
    public int Count => HasAttribute.Count;
    /// <summary>Side of the square images.</summary>
    public int Size { get; }
    /// <summary>Channels per image.</summary>
    public int Channels { get; }
    /// <summary>Whether each image has the attribute.</summary>
    public IReadOnlyList<bool> HasAttribute { get; }
    /// <summary>Values per image.</summary>
    public int ImageLength => Channels * Size * Size;

    /// <inheritdoc/>
    public IReadOnlyList<int> SampleShape => [Channels, Size, Size];

    /// <summary>The pixels of image <paramref name="i"/>: [channels, size, size], flat.</summary>
    public ReadOnlySpan<float> Image(int i) => _pixels.AsSpan(i * ImageLength, ImageLength);

    /// <summary>The images whose label is <paramref name="hasAttribute"/> (e.g. the "safe" model's training set).</summary>
    public ImageSet Where(bool hasAttribute)
    {
        var keep = Enumerable.Range(0, Count).Where(i => HasAttribute[i] == hasAttribute).ToArray();
        return Subset(keep);
    }

    /// <summary>The images at <paramref name="indices"/>, in that order.</summary>
    public ImageSet Subset(IReadOnlyList<int> indices)
    {
        var px = new float[indices.Count * ImageLength];
        for (int k = 0; k < indices.Count; k++) Image(indices[k]).CopyTo(px.AsSpan(k * ImageLength));
        return new ImageSet(px, indices.Select(i => HasAttribute[i]).ToArray(), Size, Channels);
    }

    /// <summary>Images [from, to) as a tensor [n, channels, size, size].</summary>
    public Tensor Batch(int from, int to, DType dtype = DType.Float32)
    {
        var t = Tensor.FromArray(_pixels[(from * ImageLength)..(to * ImageLength)], [to - from, Channels, Size, Size]);
        return dtype == DType.Float32 ? t : t.Cast(dtype);
    }

    /// <inheritdoc/>
    public (Tensor X, Dictionary<int, Tensor> Conditions) SampleBatch(Generator g, int batch, DType dtype = DType.Float32)
    {
        if (Count == 0) throw new InvalidOperationException("ImageSet: no images to draw from");
        var px = new float[batch * ImageLength];
        for (int b = 0; b < batch; b++) Image((int)g.NextInt(Count)).CopyTo(px.AsSpan(b * ImageLength));
        var x = Tensor.FromArray(px, [batch, Channels, Size, Size]);
        return (dtype == DType.Float32 ? x : x.Cast(dtype), []);
    }

    /// <inheritdoc/>
    public Conditioning Condition(IReadOnlyDictionary<int, Tensor> conditions, int batch, DType dtype) => Conditioning.Unconditional;

    /// <summary>Whether each image of a batch x: [n, channels, size, size] shows attribute <paramref name="kind"/>, by <see cref="ShapeScenes.Has"/>.</summary>
    public static bool[] Detect(Tensor x, SceneAttribute kind = SceneAttribute.RedCross)
    {
        int n = x.Shape[0], size = x.Shape[2], len = x.Shape[1] * size * x.Shape[3];
        var v = x.ToArrayFloat();
        return Enumerable.Range(0, n).Select(i => ShapeScenes.Has(kind, v.AsSpan(i * len, len), size)).ToArray();
    }
}
