using System.Text.Json;
using System.Text.Json.Serialization;
using Engine.Envs.Maze2D;
using Engine.Rewards.Extraction;

namespace Engine.Experiments.Maze2D;

/// <summary>
/// Everything a Maze2D reward-extraction run depends on. The defaults are the small run of the README's first
/// command (umaze, goal 1, one seed, minutes on two cores); <see cref="Paper"/> gives the paper's settings.
/// Read from and written to JSON (camelCase names, enums in kebab case); unknown names are errors.
/// </summary>
public sealed record Maze2DConfig
{
    /// <summary>open, umaze, medium or large (the paper's environments).</summary>
    public string Maze { get; init; } = "umaze";

    /// <summary>Paper goal numbers 1…8 (docs/reference-facts.md §10); one expert dataset and model per goal.</summary>
    public int[] Goals { get; init; } = [1];

    /// <summary>Seeds of the reward training (and discriminator); data and diffusion models use <see cref="DataSeed"/>.</summary>
    public int[] Seeds { get; init; } = [0];

    /// <summary>Seed of the datasets and of the diffusion models, shared by all reward seeds as in the paper.</summary>
    public int DataSeed { get; init; }

    public DataSettings Data { get; init; } = new();
    public DiffusionSettings Diffusion { get; init; } = new();
    public RewardSettings Reward { get; init; } = new();
    public DiscriminatorSettings Discriminator { get; init; } = new();
    public EvaluationSettings Evaluation { get; init; } = new();

    /// <summary>Every trainer writes a checkpoint after this many steps (an interrupted run loses at most this much).</summary>
    public int CheckpointEvery { get; init; } = 250;

    public sealed record DataSettings
    {
        /// <summary>Transitions in the base ("general": a new random goal every episode) dataset.</summary>
        public long BaseSize { get; init; } = 100_000;

        /// <summary>Transitions in each expert (fixed goal) dataset.</summary>
        public long ExpertSize { get; init; } = 100_000;

        /// <summary>Share of episodes (the last ones of each file) held out for evaluation; never trained on.</summary>
        public double TestFraction { get; init; } = 0.1;
    }

    public sealed record DiffusionSettings
    {
        /// <summary>
        /// Trajectory length H (the paper: 256). It should exceed most episodes' length: windows that run past an
        /// episode's end hold its last state, which is how "arrive at the goal and stay" enters the expert data.
        /// </summary>
        public int Horizon { get; init; } = 64;

        /// <summary>Diffusion steps T (the paper: 100).</summary>
        public int Steps { get; init; } = 20;

        public int Dim { get; init; } = 16;
        public int[] DimMults { get; init; } = [1, 2, 4];
        public int BatchSize { get; init; } = 32;
        public double LearningRate { get; init; } = 2e-4;
        public int TrainSteps { get; init; } = 800;
        public double EmaDecay { get; init; } = 0.995;
        public int StepStartEma { get; init; } = 400;
        public int UpdateEmaEvery { get; init; } = 10;
    }

    public sealed record RewardSettings
    {
        /// <summary>1: pairs from the data (the paper's Algorithm 1); 2: pairs from the two models alone (Algorithm 2).</summary>
        public int Algorithm { get; init; } = 1;

        /// <summary>Window length h of the reward MLP; must divide the diffusion horizon (strided windows, docs/reference-facts.md §2).</summary>
        public int WindowHorizon { get; init; } = 4;

        public int Dim { get; init; } = 4;
        public int EmbedDim { get; init; } = 32;
        public int[] DimMults { get; init; } = [32, 16, 8];

        /// <summary>leaky-relu (the authors' network) or mish (smooth: its biases receive gradient from this loss; trains faster).</summary>
        public string Activation { get; init; } = "mish";

        public int BatchSize { get; init; } = 256;
        public double LearningRate { get; init; } = 1e-3;
        public int TrainSteps { get; init; } = 1000;

        /// <summary>general (base data), expert, or mixed (both, balanced) — the authors' train_dataset.</summary>
        public string TrainData { get; init; } = "general";

        public AlignmentPoint Point { get; init; } = AlignmentPoint.BaseMean;
        public AlignmentTarget Target { get; init; } = AlignmentTarget.MeanDifference;

        /// <summary>
        /// Algorithm 1: evaluate both diffusion models once on this many (x₀, t, ε) draws and train on that pool;
        /// 0 evaluates them afresh at every step as the authors do (an order of magnitude slower on a CPU).
        /// </summary>
        public int PairPool { get; init; } = 8192;

        /// <summary>Algorithm 2: denoising chains per model.</summary>
        public int ChainsPerModel { get; init; } = 256;

        public double EmaDecay { get; init; } = 0.995;
        public int StepStartEma { get; init; } = 2000;
        public int UpdateEmaEvery { get; init; } = 10;
    }

    public sealed record DiscriminatorSettings
    {
        /// <summary>Train the baseline classifier (same architecture as the reward) and report its discriminability.</summary>
        public bool Enabled { get; init; } = true;

        public int BatchSize { get; init; } = 128;
        public double LearningRate { get; init; } = 1e-3;
        public int TrainSteps { get; init; } = 600;
    }

    public sealed record EvaluationSettings
    {
        /// <summary>Held-out base sequences whose windows make the heatmap (the authors: 10,000).</summary>
        public int HeatmapSequences { get; init; } = 4000;

        /// <summary>σ of the Gaussian smoothing before the arg-max, in heatmap bins (10 per cell).</summary>
        public double SmoothingBins { get; init; } = 2.0;

        /// <summary>Sequences per class for the logistic-regression discriminability (fit and test split each).</summary>
        public int DiscriminabilitySamples { get; init; } = 2000;

        /// <summary>Diffusion steps below this fraction of T are used when scoring (the authors: 0.1).</summary>
        public double NoiseFraction { get; init; } = 0.1;

        /// <summary>Steered sampling: base-model plans guided by the learned reward (0 disables).</summary>
        public int SteeringSamples { get; init; } = 64;

        /// <summary>
        /// Guidance scale ω of the steering evaluation. ∇ρ is fitted to μ_E − μ_B, so ω = 1 moves each base
        /// step by about the expert model's difference.
        /// </summary>
        public double SteeringScale { get; init; } = 1.0;
    }

    /// <summary>The paper's maze settings (Table 5; docs/reference-facts.md §3, §9): 10M transitions, H 256, T 100, 500k diffusion steps, 100k reward steps. Days of CPU time.</summary>
    public static Maze2DConfig Paper(string maze) => new()
    {
        Maze = maze,
        Goals = [1, 2, 3, 4, 5, 6, 7, 8],
        Seeds = [0, 1, 2, 3, 4],
        Data = new DataSettings { BaseSize = 10_000_000, ExpertSize = 10_000_000 },
        Diffusion = new DiffusionSettings { Horizon = 256, Steps = 100, Dim = 32, DimMults = [1, 4, 8], BatchSize = 128, LearningRate = 2e-4, TrainSteps = 500_000, StepStartEma = 2000 },
        Reward = new RewardSettings { WindowHorizon = 4, Activation = "leaky-relu", BatchSize = 256, LearningRate = 5e-5, TrainSteps = 100_000, PairPool = 0 },
        Discriminator = new DiscriminatorSettings { TrainSteps = 100_000, LearningRate = 5e-5 },
        Evaluation = new EvaluationSettings { HeatmapSequences = 10_000 },
        CheckpointEvery = 10_000,
    };

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true, // {"goals": null} is refused with its path, not a NullReferenceException later
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a config file; a malformed file or an unknown name is an <see cref="InvalidDataException"/> naming the file and place.</summary>
    public static Maze2DConfig Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"config file '{path}' does not exist", path);
        try
        {
            return JsonSerializer.Deserialize<Maze2DConfig>(File.ReadAllText(path), Json)
                ?? throw new InvalidDataException($"config '{path}' is empty");
        }
        catch (JsonException e)
        {
            // A null where a value belongs is named by its JSON path ("$.diffusion.dimMults"), the parser's other messages as they are.
            string why = e.Path is { } member && e.Message.Contains("null", StringComparison.Ordinal) ? $"{member} must not be null" : e.Message;
            throw new InvalidDataException($"config '{path}': {why}", e);
        }
    }

    [JsonIgnore]
    public Maze2DTask Task => Maze2DTask.Named(Maze);

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public Maze2DConfig Validated()
    {
        var task = Task; // unknown maze → its own clear message
        if (!new[] { "open", "umaze", "medium", "large" }.Contains(task.Layout.Name))
            throw new ArgumentException($"maze '{Maze}': the experiment runs on open, umaze, medium or large");
        Require(Goals.Length > 0, "goals: give at least one goal number");
        foreach (var k in Goals) Require(k is >= 1 and <= 8, $"goals: {k} is not a paper goal number (1-8)");
        Require(Goals.Distinct().Count() == Goals.Length, "goals: a goal is listed twice");
        Require(Seeds.Length > 0 && Seeds.Distinct().Count() == Seeds.Length, "seeds: give at least one seed, each once");
        foreach (var s in Seeds) Require(s >= 0, $"seeds: {s} is negative; seeds are 0 or more");
        Require(DataSeed >= 0, $"dataSeed {DataSeed} is negative; seeds are 0 or more");
        Require(Data.BaseSize >= 1000 && Data.ExpertSize >= 1000, $"data: datasets need at least 1000 transitions (base {Data.BaseSize}, expert {Data.ExpertSize})");
        Require(Data.TestFraction is > 0 and < 0.5, $"data.testFraction {Data.TestFraction} must be in (0, 0.5)");
        var d = Diffusion;
        Require(d.Horizon >= 4, $"diffusion.horizon {d.Horizon} must be at least 4");
        Require(d.DimMults.Length > 0 && d.Horizon % (1 << (d.DimMults.Length - 1)) == 0, $"diffusion.horizon {d.Horizon} must be divisible by 2^(levels−1) = {1 << Math.Max(0, d.DimMults.Length - 1)} for dimMults [{string.Join(", ", d.DimMults)}]");
        Require(d.Dim > 0 && d.DimMults.All(m => m > 0 && d.Dim * m % 8 == 0), $"diffusion: every width dim·mult must be a positive multiple of 8 (GroupNorm(8)); dim {d.Dim}, dimMults [{string.Join(", ", d.DimMults)}]");
        Require(d.Steps is >= 2 and <= 1000, $"diffusion.steps {d.Steps} must be in [2, 1000]");
        Require(d.BatchSize > 0 && d.TrainSteps > 0 && d.LearningRate > 0, "diffusion: batchSize, trainSteps and learningRate must be positive");
        var r = Reward;
        Require(r.Algorithm is 1 or 2, $"reward.algorithm {r.Algorithm} must be 1 (from data) or 2 (from the models alone)");
        Require(r.WindowHorizon > 0 && d.Horizon % r.WindowHorizon == 0, $"reward.windowHorizon {r.WindowHorizon} must divide diffusion.horizon {d.Horizon}");
        Require(r.Activation is "mish" or "leaky-relu", $"reward.activation '{r.Activation}' must be mish or leaky-relu");
        Require(r.TrainData is "general" or "expert" or "mixed", $"reward.trainData '{r.TrainData}' must be general, expert or mixed");
        Require(r.Dim > 0 && r.EmbedDim > 0 && r.EmbedDim % 2 == 0 && r.DimMults.Length > 0 && r.DimMults.All(m => m > 0), "reward: dim, dimMults and an even embedDim must be positive");
        Require(r.BatchSize > 0 && r.TrainSteps > 0 && r.LearningRate > 0 && r.ChainsPerModel > 0 && r.PairPool >= 0, "reward: batchSize, trainSteps, learningRate and chainsPerModel must be positive, pairPool ≥ 0");
        Require(Discriminator.BatchSize > 1 && Discriminator.TrainSteps > 0 && Discriminator.LearningRate > 0, "discriminator: batchSize (≥ 2), trainSteps and learningRate must be positive");
        var e = Evaluation;
        Require(e.HeatmapSequences > 0 && e.DiscriminabilitySamples >= 10 && e.SmoothingBins >= 0, "evaluation: heatmapSequences, discriminabilitySamples (≥ 10) and smoothingBins (≥ 0) must be positive");
        Require(e.NoiseFraction is > 0 and <= 1, $"evaluation.noiseFraction {e.NoiseFraction} must be in (0, 1]");
        Require(e.SteeringSamples >= 0, "evaluation.steeringSamples must be ≥ 0");
        Require(CheckpointEvery > 0, "checkpointEvery must be positive");
        return this;

        static void Require(bool ok, string message)
        {
            if (!ok) throw new ArgumentException(message);
        }
    }
}
