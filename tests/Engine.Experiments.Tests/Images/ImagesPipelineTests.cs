using Engine.Experiments.Images;

namespace Engine.Experiments.Tests.Images;

/// <summary>The tiny image run (8×8 scenes, a few steps per stage), made once without interruption.</summary>
public sealed class TinyImagesRun : IDisposable
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("engine-images-").FullName;
    public ImagesResults Results { get; }
    public TinyImagesRun() => Results = new ImagesExperiment(ImagesConfig.Tiny, Folder).Run();
    public void Dispose() => Directory.Delete(Folder, true);
}

public sealed class ImagesPipelineTests(TinyImagesRun run) : IClassFixture<TinyImagesRun>
{
    /// <summary>Progress that cancels the run once stage <paramref name="stage"/> has reported <paramref name="after"/> units.</summary>
    private sealed class InterruptAt(string stage, long after, CancellationTokenSource cancel) : IExperimentProgress
    {
        private string? _current;
        public bool Fired { get; private set; }
        public void Begin(string s, long total, long done = 0) => _current = s;
        public void Report(long done, string? detail = null)
        {
            if (_current == stage && done >= after && !Fired) { Fired = true; cancel.Cancel(); }
        }
        public void End() { }
        public void Log(string line) { }
    }

    private static Dictionary<string, byte[]> Files(string folder) =>
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".lock", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetRelativePath(folder, f), File.ReadAllBytes);

    [Theory]
    [InlineData("diffusion: base", 3)]
    [InlineData("diffusion: safe", 3)]
    [InlineData("tuples (Algorithm 2)", 5)]
    [InlineData("reward", 3)]
    [InlineData("evaluation", 1)]
    [InlineData("steering", 1)]
    public void A_run_interrupted_in_any_stage_resumes_to_the_same_bytes(string stage, long after)
    {
        var dir = Directory.CreateTempSubdirectory("engine-images-resume-").FullName;
        try
        {
            using var cancel = new CancellationTokenSource();
            var interrupt = new InterruptAt(stage, after, cancel);
            Assert.ThrowsAny<OperationCanceledException>(() => new ImagesExperiment(ImagesConfig.Tiny, dir, interrupt).Run(cancel.Token));
            Assert.True(interrupt.Fired, $"the run never reached {stage}");
            Assert.False(File.Exists(Path.Combine(dir, "results.json")));
            new ImagesExperiment(ImagesConfig.Tiny, dir).Run();
            var expected = Files(run.Folder);
            var actual = Files(dir);
            Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
            foreach (var (name, bytes) in expected) Assert.True(bytes.AsSpan().SequenceEqual(actual[name]), $"{name} differs after resuming from {stage}");
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void The_results_have_every_measurement_and_a_rerun_reuses_every_stage()
    {
        var r = run.Results;
        Assert.Equal(8, r.Evaluation.ValidationImages);
        Assert.Equal(8, r.Evaluation.TestImages);
        Assert.InRange(r.Evaluation.AttributeRateTrainingData, 0, 1);
        Assert.NotNull(r.Steering);
        Assert.Equal(4, r.Steering!.Samples);
        Assert.Equal(["diffusion base", "diffusion safe", "reward"], r.FinalLoss.Keys.Order());
        var before = Files(run.Folder);
        var again = new ImagesExperiment(ImagesConfig.Tiny, run.Folder).Run();
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(r, ImagesResults.Json), System.Text.Json.JsonSerializer.Serialize(again, ImagesResults.Json));
        foreach (var (name, bytes) in before) Assert.True(bytes.AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(run.Folder, name))), name);
    }

    [Fact]
    public void Another_configuration_in_the_same_folder_is_refused_by_name()
    {
        var dir = Directory.CreateTempSubdirectory("engine-images-other-").FullName;
        try
        {
            File.Copy(Path.Combine(run.Folder, "tuples.safetensors"), Path.Combine(dir, "tuples.safetensors"));
            File.Copy(Path.Combine(run.Folder, "scaling.safetensors"), Path.Combine(dir, "scaling.safetensors"));
            Directory.CreateDirectory(Path.Combine(dir, "models"));
            foreach (var m in new[] { "base", "safe" }) File.Copy(Path.Combine(run.Folder, "models", m + ".safetensors"), Path.Combine(dir, "models", m + ".safetensors"));
            var other = ImagesConfig.Tiny with { Reward = ImagesConfig.Tiny.Reward with { ChainsPerModel = 5 } };
            var e = Assert.Throws<Engine.IO.InputException>(() => new ImagesExperiment(other, dir).Run());
            Assert.Equal("tuples of another configuration", e.What);
            Assert.Contains("tuples.safetensors", e.Where);
        }
        finally { Directory.Delete(dir, true); }
    }
}
