using Engine.Experiments.Images;

namespace Engine.Experiments.Tests.Images;

public class ShapeScenesTests
{
    [Theory]
    [InlineData(8)]
    [InlineData(16)]
    [InlineData(32)]
    public void The_same_seed_gives_the_same_scenes_and_another_seed_others(int size)
    {
        var a = ShapeScenes.Generate(new Generator(11), 50, size, 0.3);
        var b = ShapeScenes.Generate(new Generator(11), 50, size, 0.3);
        var c = ShapeScenes.Generate(new Generator(12), 50, size, 0.3);
        Assert.Equal(a.Pixels, b.Pixels);
        Assert.Equal(a.HasAttribute, b.HasAttribute);
        Assert.NotEqual(a.Pixels, c.Pixels);
        Assert.Equal(50 * 3 * size * size, a.Pixels.Length);
        Assert.All(a.Pixels, v => Assert.InRange(v, -1f, 1f));
    }

    [Theory]
    [InlineData(8, SceneAttribute.RedCross)]
    [InlineData(16, SceneAttribute.RedCross)]
    [InlineData(32, SceneAttribute.RedCross)]
    [InlineData(8, SceneAttribute.RedShape)]
    [InlineData(16, SceneAttribute.RedShape)]
    [InlineData(32, SceneAttribute.RedShape)]
    public void The_pixel_detector_agrees_with_every_label(int size, SceneAttribute kind)
    {
        var set = ImageSet.Scenes(new Generator(21), 2000, size, 0.3, kind);
        Assert.InRange(set.HasAttribute.Count(a => a), 600 - 5 * 21, 600 + 5 * 21); // Binomial(2000, 0.3): sd ≈ 20.5
        for (int i = 0; i < set.Count; i++)
            Assert.True(set.HasAttribute[i] == ShapeScenes.Has(kind, set.Image(i), size), $"scene {i}: label {set.HasAttribute[i]}");
        Assert.Equal(set.HasAttribute.Take(50), ImageSet.Detect(set.Batch(0, 50), kind));
    }

    [Fact]
    public void A_red_shape_scene_has_red_only_with_the_attribute_and_every_shape_kind_plays_it()
    {
        var (pixels, labels) = ShapeScenes.Generate(new Generator(5), 3000, 16, 0.3, SceneAttribute.RedShape);
        int len = 3 * 16 * 16, crosses = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            var img = pixels.AsSpan(i * len, len);
            bool anyRed = false;
            for (int y = 0; y < 16 && !anyRed; y++)
                for (int x = 0; x < 16 && !anyRed; x++) anyRed = ShapeScenes.IsRed(img, 16, y, x);
            Assert.Equal(labels[i], anyRed);
            if (labels[i] && ShapeScenes.HasRedCross(img, 16)) crosses++;
        }
        // The attribute is any shape: about a third of the red shapes are crosses, the rest squares and discs.
        int k = labels.Count(l => l);
        Assert.InRange(crosses, k / 5, k / 2);
        // A few stray red pixels are not a shape.
        var stray = new float[len];
        Array.Fill(stray, -0.5f);
        for (int j = 0; j < ShapeScenes.MinRedPixels - 1; j++) { stray[j * 3] = 1; }
        Assert.False(ShapeScenes.HasRedShape(stray, 16));
        stray[40] = 1;
        Assert.True(ShapeScenes.HasRedShape(stray, 16));
    }

    [Fact]
    public void The_attribute_appears_in_the_asked_fraction_and_has_distractors()
    {
        int n = 4000;
        var (pixels, labels) = ShapeScenes.Generate(new Generator(5), n, 16, 0.3);
        int k = labels.Count(l => l);
        // Binomial(4000, 0.3): sd ≈ 29; 5 sd either side.
        Assert.InRange(k, 1200 - 145, 1200 + 145);
        // Without the attribute, red still appears (red squares and discs), so "any red" is not the attribute.
        int len = 3 * 16 * 16, redWithout = 0;
        for (int i = 0; i < n; i++)
        {
            if (labels[i]) continue;
            var img = pixels.AsSpan(i * len, len);
            bool red = false;
            for (int y = 0; y < 16 && !red; y++)
                for (int x = 0; x < 16 && !red; x++) red = ShapeScenes.IsRed(img, 16, y, x);
            if (red) redWithout++;
        }
        Assert.True(redWithout > (n - k) / 10, $"{redWithout} scenes without the attribute show red");
    }

    [Fact]
    public void The_safe_subset_has_no_attribute_and_batches_have_the_image_shape()
    {
        var set = ImageSet.Scenes(new Generator(1), 100, 16, 0.5);
        var safe = set.Where(hasAttribute: false);
        Assert.DoesNotContain(true, safe.HasAttribute);
        Assert.Equal(set.HasAttribute.Count(a => !a), safe.Count);
        var (x, cond) = set.SampleBatch(new Generator(2), 7);
        Assert.Equal([7, 3, 16, 16], x.Shape);
        Assert.Empty(cond);
        Assert.Equal(set.HasAttribute.Take(10), ImageSet.Detect(set.Batch(0, 10)));
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        Assert.Throws<ArgumentException>(() => ShapeScenes.Generate(new Generator(1), 4, 4, 0.3));
        Assert.Throws<ArgumentException>(() => ShapeScenes.Generate(new Generator(1), 4, 16, 1.5));
    }
}
