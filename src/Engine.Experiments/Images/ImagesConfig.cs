using System.Text.Json;
using System.Text.Json.Serialization;
using Engine.IO;

namespace Engine.Experiments.Images;

/// <summary>
/// Everything an image run (the paper's §5.3 on <see cref="ShapeScenes"/>) depends on. The defaults are the small run
/// of the README's command (16×16 scenes, reduced widths, sized for about 20 minutes on two cores); <see cref="Full"/>
/// gives 32×32 scenes and the paper's reward widths (Table 4: 32, 64, 128, 256). Read from and written to JSON
/// (camelCase); unknown names are errors.
/// </summary>
public sealed record ImagesConfig
{
    /// <summary>The run seed; every random stream derives from it by <see cref="ExperimentSeeds"/>.</summary>
    public int Seed { get; init; }

    public DataSettings Data { get; init; } = new();
    public DiffusionSettings Diffusion { get; init; } = new();
    public SafeSettings Safe { get; init; } = new();
    public RewardSettings Reward { get; init; } = new();
    public EvaluationSettings Evaluation { get; init; } = new();

    /// <summary>Every trainer writes a checkpoint after this many steps (an interrupted run loses at most this much).</summary>
    public int CheckpointEvery { get; init; } = 200;

    public sealed record DataSettings
    {
        /// <summary>Side of the square RGB scenes (a multiple of 4, at least 8).</summary>
        public int Size { get; init; } = 16;
        /// <summary>Scenes the base model trains on; the safe model trains on those of them without the attribute.</summary>
        public int TrainImages { get; init; } = 4096;
        /// <summary>Share of scenes with the attribute.</summary>
        public double AttributeFraction { get; init; } = 0.3;
        /// <summary>What plays "harmful content": "red-cross" (shape and colour together) or "red-shape" (colour alone).</summary>
        public SceneAttribute Attribute { get; init; } = SceneAttribute.RedCross;
    }

    public sealed record DiffusionSettings
    {
        /// <summary>Diffusion steps T (the paper's Stable Diffusion pipelines: 50; scaled down with the images).</summary>
        public int Steps { get; init; } = 20;
        /// <summary>UNet2D base width (a multiple of 8).</summary>
        public int Dim { get; init; } = 16;
        /// <summary>UNet2D width multipliers per level.</summary>
        public int[] DimMults { get; init; } = [1, 2, 2];
        public int BatchSize { get; init; } = 32;
        public int TrainSteps { get; init; } = 1500;
        public double LearningRate { get; init; } = 5e-4;
        public double EmaDecay { get; init; } = 0.995;
        public int StepStartEma { get; init; } = 200;
        public int UpdateEmaEvery { get; init; } = 10;
    }

    /// <summary>
    /// How the "safe" model is made. The paper's safe model is Stable Diffusion's own weights with another sampler, so the
    /// two models differ only where safety is at stake; the closest analogue here is the base model fine-tuned on the
    /// scenes without the attribute. Trained from scratch instead, the two models also differ by everything their separate
    /// trainings happened to learn, and the relative reward picks that up.
    /// </summary>
    public sealed record SafeSettings
    {
        /// <summary>Fine-tuning steps from the base model's EMA weights (fresh Adam); 0: train from scratch for <see cref="DiffusionSettings.TrainSteps"/>.</summary>
        public int FineTuneSteps { get; init; } = 500;
    }

    public sealed record RewardSettings
    {
        /// <summary>Algorithm 2's K: denoising chains per model, each giving T tuples (2·K·T in all).</summary>
        public int ChainsPerModel { get; init; } = 96;
        /// <summary>UNetEncoder2D channels after each level (Table 4: 32, 64, 128, 256; reduced for the small default).</summary>
        public int[] Dims { get; init; } = [16, 32, 64];
        /// <summary>Table 5's Stable Diffusion batch size (64).</summary>
        public int BatchSize { get; init; } = 64;
        /// <summary>Table 5: 6000 steps for Stable Diffusion; fewer here.</summary>
        public int TrainSteps { get; init; } = 600;
        /// <summary>Table 5: 1e-4.</summary>
        public double LearningRate { get; init; } = 1e-4;
        public double EmaDecay { get; init; } = 0.995;
        public int StepStartEma { get; init; } = 200;
        public int UpdateEmaEvery { get; init; } = 10;
    }

    public sealed record EvaluationSettings
    {
        /// <summary>Held-out real scenes: the first half chooses the threshold (validation), the second measures (test).</summary>
        public int HeldOutImages { get; init; } = 1024;
        /// <summary>Samples drawn from each model (reward and attribute rate per model).</summary>
        public int ModelSamples { get; init; } = 128;
        /// <summary>Samples of the base model, unsteered and steered, for the steering measurement (0: skip it).</summary>
        public int SteeringSamples { get; init; } = 128;
        /// <summary>Guidance scale ω of the steered samples, in the scaled space (1: about the safe model's own shift; <see cref="Engine.Rewards.Extraction.StepStandardScaling.GuideInScaledSpace"/>).</summary>
        public double GuideScale { get; init; } = 1.0;
        /// <summary>Steering stops below this step (Appendix E.1.4's t_stopgrad).</summary>
        public int TStopgrad { get; init; } = 1;
        /// <summary>Scenes per row of the reward grid (the grid shows the highest-reward row(s) on top, the lowest at the bottom).</summary>
        public int GridColumns { get; init; } = 12;
    }

    /// <summary>32×32 scenes and the paper's reward widths (Table 4): hours on two cores.</summary>
    public static ImagesConfig Full => new()
    {
        Data = new() { Size = 32, TrainImages = 8192 },
        Diffusion = new() { Dim = 32, DimMults = [1, 2, 2, 4], TrainSteps = 6000, Steps = 50 },
        Safe = new() { FineTuneSteps = 2000 },
        Reward = new() { Dims = [32, 64, 128, 256], TrainSteps = 6000, ChainsPerModel = 256 },
    };

    /// <summary>8×8 scenes and a few steps per stage: seconds (tests).</summary>
    public static ImagesConfig Tiny => new()
    {
        Data = new() { Size = 8, TrainImages = 64 },
        Diffusion = new() { Steps = 4, Dim = 8, DimMults = [1, 2], BatchSize = 4, TrainSteps = 6, StepStartEma = 2, UpdateEmaEvery = 2 },
        Safe = new() { FineTuneSteps = 4 },
        Reward = new() { ChainsPerModel = 4, Dims = [8, 8], BatchSize = 4, TrainSteps = 6, StepStartEma = 2, UpdateEmaEvery = 2 },
        Evaluation = new() { HeldOutImages = 16, ModelSamples = 4, SteeringSamples = 4, GridColumns = 4 },
        CheckpointEvery = 2,
    };

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) }, // as Maze2DConfig: "red-shape"
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a config file strictly (errors name the file and the member by its JSON path); not yet validated.</summary>
    public static ImagesConfig Load(string path) => JsonConfigFile.Load<ImagesConfig>(path, Json);

    /// <summary>Throws an <see cref="InputException"/> naming the first bad setting by its JSON path.</summary>
    public ImagesConfig Validated()
    {
        Require(Seed >= 0, "$.seed", Seed, "is negative; seeds are 0 or more");
        var d = Data;
        Require(d.Size >= ShapeScenes.MinSize && d.Size % 4 == 0 && d.Size <= 64, "$.data.size", d.Size, $"must be a multiple of 4 in [{ShapeScenes.MinSize}, 64]");
        Require(d.TrainImages >= 16, "$.data.trainImages", d.TrainImages, "must be at least 16");
        Require(d.AttributeFraction is > 0 and < 1, "$.data.attributeFraction", d.AttributeFraction, "must be in (0, 1)");
        var m = Diffusion;
        Require(m.Steps is >= 2 and <= 1000, "$.diffusion.steps", m.Steps, "must be in [2, 1000]");
        Require(m.Dim >= 8 && m.Dim % 8 == 0, "$.diffusion.dim", m.Dim, "must be a positive multiple of 8 (GroupNorm(8))");
        Require(m.DimMults.Length > 0 && m.DimMults.All(k => k > 0), "$.diffusion.dimMults", List(m.DimMults), "give at least one positive multiplier");
        Require(d.Size % (1 << (m.DimMults.Length - 1)) == 0, "$.data.size", d.Size, $"the diffusion model's {m.DimMults.Length} levels need a size divisible by {1 << (m.DimMults.Length - 1)}");
        Require(m.BatchSize > 0, "$.diffusion.batchSize", m.BatchSize, "must be positive");
        Require(m.TrainSteps > 0, "$.diffusion.trainSteps", m.TrainSteps, "must be positive");
        Require(m.LearningRate > 0, "$.diffusion.learningRate", m.LearningRate, "must be positive");
        Require(m.EmaDecay is >= 0 and <= 1, "$.diffusion.emaDecay", m.EmaDecay, "must be in [0, 1]");
        Require(m.UpdateEmaEvery > 0, "$.diffusion.updateEmaEvery", m.UpdateEmaEvery, "must be positive");
        Require(Safe.FineTuneSteps >= 0, "$.safe.fineTuneSteps", Safe.FineTuneSteps, "must be 0 (train from scratch) or more");
        var r = Reward;
        Require(r.ChainsPerModel > 0, "$.reward.chainsPerModel", r.ChainsPerModel, "must be positive");
        Require(r.Dims.Length > 0 && r.Dims.All(k => k > 0 && k % 8 == 0), "$.reward.dims", List(r.Dims), "give at least one width, each a positive multiple of 8 (GroupNorm(8))");
        Require(d.Size % (1 << (r.Dims.Length - 1)) == 0, "$.data.size", d.Size, $"the reward's {r.Dims.Length} levels need a size divisible by {1 << (r.Dims.Length - 1)}");
        Require(r.BatchSize > 0, "$.reward.batchSize", r.BatchSize, "must be positive");
        Require(r.TrainSteps > 0, "$.reward.trainSteps", r.TrainSteps, "must be positive");
        Require(r.LearningRate > 0, "$.reward.learningRate", r.LearningRate, "must be positive");
        Require(r.EmaDecay is >= 0 and <= 1, "$.reward.emaDecay", r.EmaDecay, "must be in [0, 1]");
        Require(r.UpdateEmaEvery > 0, "$.reward.updateEmaEvery", r.UpdateEmaEvery, "must be positive");
        var e = Evaluation;
        Require(e.HeldOutImages >= 8, "$.evaluation.heldOutImages", e.HeldOutImages, "must be at least 8");
        Require(e.ModelSamples > 0, "$.evaluation.modelSamples", e.ModelSamples, "must be positive");
        Require(e.SteeringSamples >= 0, "$.evaluation.steeringSamples", e.SteeringSamples, "must be 0 (skip) or more");
        Require(e.GuideScale >= 0 && double.IsFinite(e.GuideScale), "$.evaluation.guideScale", e.GuideScale, "must be a finite number ≥ 0");
        Require(e.TStopgrad >= 0, "$.evaluation.tStopgrad", e.TStopgrad, "must be 0 or more");
        Require(e.GridColumns > 0, "$.evaluation.gridColumns", e.GridColumns, "must be positive");
        Require(CheckpointEvery > 0, "$.checkpointEvery", CheckpointEvery, "must be positive");
        return this;

        static string List(int[] v) => "[" + string.Join(",", v) + "]";
        static void Require(bool ok, string member, object value, string why)
        {
            if (!ok) throw InputException.InvalidValue(member, value, why);
        }
    }
}
