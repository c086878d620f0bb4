using System.Text.Json;
using System.Text.Json.Serialization;
using Engine.Envs.Maze2D;
using Engine.IO;
using Engine.Rewards.Extraction;

namespace Engine.Experiments.Maze2D;

/// <summary>
/// Everything a Maze2D reward-extraction run depends on. The defaults are the small run of the README's first
/// command (umaze, goal 1, one seed, minutes on two cores); <see cref="Paper"/> gives the paper's settings.
/// Read from and written to JSON (camelCase names, enums in kebab case); unknown names are errors.
/// </summary>
public sealed record Maze2DConfig
{
    /// <summary>open, umaze, medium or large (the paper's environments); with <see cref="Layout"/>, the user maze's name.</summary>
    public string Maze { get; init; } = "umaze";

    /// <summary>
    /// A user's maze instead of a paper one: its rows in D4RL's character format (<see cref="MazeLayoutFile"/>), as read
    /// from <c>--layout FILE</c>. Kept in the configuration (and so in every run folder's config.json) rather than as a
    /// path, so a run folder says which maze it was made on. Null (and not written) for the paper's mazes.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string[]? Layout { get; init; }

    /// <summary>
    /// Paper goal numbers 1…8 (docs/reference-facts.md §10) and points "x,y" of the maze's logical grid
    /// (<see cref="MazeGoal"/>); one expert dataset and model per goal.
    /// </summary>
    public MazeGoal[] Goals { get; init; } = [1];

    /// <summary>
    /// Run seeds. Seed k is an independent replicate: every random stream of the run — the datasets, both diffusion
    /// models, the reward, the discriminator, the evaluation — derives from (k, maze, stage, goal) by
    /// <see cref="ExperimentSeeds"/>. Seeds from <see cref="Maze2DSeeds.FirstValidation"/> on are validation seeds.
    /// </summary>
    public int[] Seeds { get; init; } = [0];

    public DataSettings Data { get; init; } = new();
    public DiffusionSettings Diffusion { get; init; } = new();
    public RewardSettings Reward { get; init; } = new();
    public DiscriminatorSettings Discriminator { get; init; } = new();
    public EvaluationSettings Evaluation { get; init; } = new();

    /// <summary>Every trainer writes a checkpoint after this many steps (an interrupted run loses at most this much).</summary>
    public int CheckpointEvery { get; init; } = 250;

    /// <summary>
    /// Data-parallel training (docs/distributed.md): each diffusion and reward batch is split into this many equal
    /// micro-batches whose gradients are added in a fixed order. 1 is the plain step. A given value gives the same
    /// weights alone or on any number of MPI ranks (`mpirun … engine maze2d --data-parallel`); against 1 it changes the
    /// last bits of the sums.
    /// </summary>
    public int MicroBatches { get; init; } = 1;

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

        /// <summary>
        /// Per goal number (1…8), settings that replace the ones above for that goal's reward and discriminator:
        /// the authors chose window, widths and training data per maze and goal (docs/reference-facts.md §3.1).
        /// </summary>
        public Dictionary<int, GoalRewardSettings> PerGoal { get; init; } = [];

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

    /// <summary>What one goal may set differently from <see cref="RewardSettings"/>; a missing value keeps the shared one.</summary>
    public sealed record GoalRewardSettings
    {
        public int? WindowHorizon { get; init; }
        public int[]? DimMults { get; init; }
        public string? TrainData { get; init; }
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

        /// <summary>
        /// How the heatmap is smoothed: "counts" (kernel regression over states, the default since the validation runs of
        /// 2026-12-08: sparse corner bins no longer carry the maximum) or "mask" (mean of valid bins' means).
        /// </summary>
        public Engine.Rewards.Evaluation.HeatmapSmoothing Smoothing { get; init; } = Engine.Rewards.Evaluation.HeatmapSmoothing.Counts;

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

    /// <summary>
    /// The reward settings of one goal: <see cref="Reward"/> with that goal's <see cref="RewardSettings.PerGoal"/> entry
    /// applied (and no per-goal table). The table is keyed by paper goal number; a point goal takes the shared settings.
    /// </summary>
    public RewardSettings RewardFor(MazeGoal goal)
    {
        var r = Reward with { PerGoal = [] };
        if (!goal.IsNumbered || !Reward.PerGoal.TryGetValue(goal.Number, out var o)) return r;
        return r with
        {
            WindowHorizon = o.WindowHorizon ?? r.WindowHorizon,
            DimMults = o.DimMults ?? r.DimMults,
            TrainData = o.TrainData ?? r.TrainData,
        };
    }

    /// <summary>
    /// The paper's maze settings (Table 5, docs/reference-facts.md §3, §9): 10M transitions, H 256, T 100, 500k diffusion
    /// steps, 100k reward steps, test seeds 0–4, and the reward window, widths and training data the authors' final
    /// commands use for each maze and goal (<see cref="PaperRewardTable"/>). Days of CPU time.
    /// </summary>
    public static Maze2DConfig Paper(string maze)
    {
        var table = PaperRewardTable.TryGetValue(maze, out var t) ? t : throw new ArgumentException($"maze '{maze}': the paper's settings exist for open, umaze, medium and large");
        // The shared values are the paper's Table 4 per maze; every goal then carries its own entry of the code's table.
        var (h, mults) = maze == "open" ? (64, new[] { 8 }) : (4, new[] { 32, 16, 8 });
        return new()
        {
            Maze = maze,
            Goals = [1, 2, 3, 4, 5, 6, 7, 8],
            Seeds = [.. Maze2DSeeds.Test],
            Data = new DataSettings { BaseSize = 10_000_000, ExpertSize = 10_000_000 },
            Diffusion = new DiffusionSettings { Horizon = 256, Steps = 100, Dim = 32, DimMults = [1, 4, 8], BatchSize = 128, LearningRate = 2e-4, TrainSteps = 500_000, StepStartEma = 2000 },
            Reward = new RewardSettings
            {
                WindowHorizon = h, DimMults = mults, Activation = "leaky-relu", BatchSize = 256, LearningRate = 5e-5, TrainSteps = 100_000, PairPool = 0,
                PerGoal = table.Select((g, i) => (Goal: i + 1, Settings: new GoalRewardSettings { WindowHorizon = g.Window, DimMults = g.Mults, TrainData = g.Data }))
                    .ToDictionary(x => x.Goal, x => x.Settings),
            },
            Discriminator = new DiscriminatorSettings { TrainSteps = 100_000, LearningRate = 5e-5 },
            Evaluation = new EvaluationSettings { HeatmapSequences = 10_000 },
            CheckpointEvery = 10_000,
        };
    }

    /// <summary>
    /// The authors' per-goal reward settings (docs/reference-facts.md §3.1, from their experiment commands): window h,
    /// dim_mults and train_dataset for goals 1…8 of each maze, the outcome of their sweep on the logistic-regression
    /// accuracy. The paper's Table 4 gives one line per maze (open: MLP (32,), h 64; the others (128, 64, 32), h 4),
    /// which is the most common entry of each row, not what every goal used.
    /// </summary>
    private static readonly Dictionary<string, (int Window, int[] Mults, string Data)[]> PaperRewardTable = new()
    {
        ["open"] = [(64, [32, 16, 8], "mixed"), (64, [32, 16, 8], "mixed"), (64, [32, 16, 8], "general"), (256, [8], "general"),
                    (64, [8], "general"), (64, [8], "general"), (64, [8], "general"), (64, [8], "general")],
        ["umaze"] = [(4, [32, 16, 8], "general"), (256, [32, 16, 8], "general"), (64, [8], "general"), (4, [32, 16, 8], "general"),
                     (4, [32, 16, 8], "general"), (256, [8], "general"), (256, [32, 16, 8], "general"), (64, [32, 16, 8], "general")],
        ["medium"] = [(4, [32, 16, 8], "general"), (4, [8], "general"), (64, [8], "general"), (64, [8], "mixed"),
                      (4, [32, 16, 8], "general"), (4, [32, 16, 8], "general"), (64, [8], "general"), (4, [32, 16, 8], "general")],
        ["large"] = [(4, [32, 16, 8], "general"), (4, [32, 16, 8], "expert"), (64, [32, 16, 8], "mixed"), (64, [32, 16, 8], "mixed"),
                     (64, [32, 16, 8], "mixed"), (4, [32, 16, 8], "mixed"), (1, [8], "general"), (4, [8], "general")],
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

    /// <summary>Reads a config file strictly (see <see cref="JsonConfigFile.Load{T}"/>: errors name the file and the member by its JSON path); not yet validated.</summary>
    public static Maze2DConfig Load(string path) => JsonConfigFile.Load<Maze2DConfig>(path, Json);

    /// <summary>The environment: a paper maze by <see cref="Maze"/>, or the user's <see cref="Layout"/> (checked as a layout file is).</summary>
    [JsonIgnore]
    public Maze2DTask Task => Layout is null
        ? Maze2DTask.Named(Maze, "$.maze")
        : Maze2DTask.Custom(MazeLayoutFile.Parse(Maze, Layout, (line, column) => $"$.layout[{line - 1}]" + (column is null ? "" : $", column {column}")));

    /// <summary>
    /// The maze's name in data file names and random streams: the paper maze's name, or for a user maze its name and a
    /// hash of its rows (<see cref="MazeLayoutFile.Tag"/>), so an edited layout never reuses data or checkpoints.
    /// </summary>
    [JsonIgnore]
    public string MazeTag => Layout is null ? Maze : MazeLayoutFile.Tag(Task.Layout);

    /// <summary>
    /// Throws an <see cref="InputException"/> naming the first bad setting by its JSON path
    /// (<c>invalid value '-1' ($.seeds): …</c>); the command line re-places it at the option or file that set it.
    /// </summary>
    /// <remarks>
    /// Returns the configuration with every point goal that lies exactly at one of the maze's paper goals written as that
    /// goal's number: the same goal, so the same folder, streams and results whichever way it was given.
    /// </remarks>
    public Maze2DConfig Validated()
    {
        if (Layout is not null) Require(MazeLayoutFile.CheckName(Maze) is null, "$.maze", Maze, MazeLayoutFile.CheckName(Maze) ?? "");
        var task = Task; // unknown maze or bad layout → its own message
        bool paperMaze = Layout is null;
        if (paperMaze) Require(new[] { "open", "umaze", "medium", "large" }.Contains(task.Layout.Name), "$.maze", Maze, "the experiment runs on open, umaze, medium or large (or a --layout)");
        Require(Goals.Length > 0, "$.goals", "[]", "give at least one goal");
        foreach (var k in Goals.Where(g => g.IsNumbered))
        {
            Require(paperMaze, "$.goals", k, $"maze '{Maze}' is a user layout with no paper goals; give points x,y");
            Require(k.Number is >= 1 and <= 8, "$.goals", k, "not a paper goal number (1-8)");
        }
        foreach (var p in Goals.Where(g => !g.IsNumbered))
            Require(GoalPlacement.Problem(task.Layout, p.X, p.Y) is null, "$.goals", p, GoalPlacement.Problem(task.Layout, p.X, p.Y) ?? "");
        var goals = Goals.Select(g => paperMaze ? Canonical(task, g) : g).ToArray();
        Require(goals.Distinct().Count() == goals.Length, "$.goals", $"[{string.Join(", ", Goals)}]", "a goal is listed twice (a point at a paper goal is that goal)");
        Require(Seeds.Length > 0 && Seeds.Distinct().Count() == Seeds.Length, "$.seeds", List(Seeds), "give at least one seed, each once");
        foreach (var s in Seeds) Require(s >= 0, "$.seeds", s, "is negative; seeds are 0 or more");
        Require(Data.BaseSize >= 1000, "$.data.baseSize", Data.BaseSize, "datasets need at least 1000 transitions");
        Require(Data.ExpertSize >= 1000, "$.data.expertSize", Data.ExpertSize, "datasets need at least 1000 transitions");
        Require(Data.TestFraction is > 0 and < 0.5, "$.data.testFraction", Data.TestFraction, "must be in (0, 0.5)");
        var d = Diffusion;
        Require(d.Horizon >= 4, "$.diffusion.horizon", d.Horizon, "must be at least 4");
        Require(d.DimMults.Length > 0, "$.diffusion.dimMults", "[]", "give at least one level");
        Require(d.Horizon % (1 << (d.DimMults.Length - 1)) == 0, "$.diffusion.horizon", d.Horizon,
            $"must be divisible by 2^(levels−1) = {1 << (d.DimMults.Length - 1)} for dimMults {List(d.DimMults)}");
        Require(d.Dim > 0, "$.diffusion.dim", d.Dim, "must be positive");
        Require(d.DimMults.All(m => m > 0 && d.Dim * m % 8 == 0), "$.diffusion.dimMults", List(d.DimMults),
            $"every width dim·mult must be a positive multiple of 8 (GroupNorm(8)); dim is {d.Dim}");
        Require(d.Steps is >= 2 and <= 1000, "$.diffusion.steps", d.Steps, "must be in [2, 1000]");
        Require(d.BatchSize > 0, "$.diffusion.batchSize", d.BatchSize, "must be positive");
        Require(d.TrainSteps > 0, "$.diffusion.trainSteps", d.TrainSteps, "must be positive");
        Require(d.LearningRate > 0, "$.diffusion.learningRate", d.LearningRate, "must be positive");
        var r = Reward;
        Require(r.Algorithm is 1 or 2, "$.reward.algorithm", r.Algorithm, "must be 1 (from data) or 2 (from the models alone)");
        Require(r.WindowHorizon > 0 && d.Horizon % r.WindowHorizon == 0, "$.reward.windowHorizon", r.WindowHorizon, $"must divide diffusion.horizon {d.Horizon}");
        Require(r.Activation is "mish" or "leaky-relu", "$.reward.activation", r.Activation, "must be mish or leaky-relu");
        Require(r.TrainData is "general" or "expert" or "mixed", "$.reward.trainData", r.TrainData, "must be general, expert or mixed");
        Require(r.Dim > 0, "$.reward.dim", r.Dim, "must be positive");
        Require(r.EmbedDim > 0 && r.EmbedDim % 2 == 0, "$.reward.embedDim", r.EmbedDim, "must be positive and even");
        Require(r.DimMults.Length > 0 && r.DimMults.All(m => m > 0), "$.reward.dimMults", List(r.DimMults), "give at least one level, each positive");
        foreach (var (k, o) in r.PerGoal)
        {
            Require(k is >= 1 and <= 8, "$.reward.perGoal", k, "not a paper goal number (1-8)");
            // A JSON null as a dictionary value passes the nullable annotations.
            Require(o is not null, $"$.reward.perGoal.{k}", "null", "must not be null");
            Require(o!.WindowHorizon is null || (o.WindowHorizon > 0 && d.Horizon % o.WindowHorizon == 0), $"$.reward.perGoal.{k}.windowHorizon", o.WindowHorizon ?? 0, $"must divide diffusion.horizon {d.Horizon}");
            Require(o.DimMults is null || (o.DimMults.Length > 0 && o.DimMults.All(m => m > 0)), $"$.reward.perGoal.{k}.dimMults", o.DimMults is null ? "null" : List(o.DimMults), "give at least one level, each positive");
            Require(o.TrainData is null or "general" or "expert" or "mixed", $"$.reward.perGoal.{k}.trainData", o.TrainData ?? "null", "must be general, expert or mixed");
        }
        Require(r.BatchSize > 0, "$.reward.batchSize", r.BatchSize, "must be positive");
        Require(r.TrainSteps > 0, "$.reward.trainSteps", r.TrainSteps, "must be positive");
        Require(r.LearningRate > 0, "$.reward.learningRate", r.LearningRate, "must be positive");
        Require(r.ChainsPerModel > 0, "$.reward.chainsPerModel", r.ChainsPerModel, "must be positive");
        Require(r.PairPool >= 0, "$.reward.pairPool", r.PairPool, "must be 0 (fresh pairs every step) or more");
        var c = Discriminator;
        Require(c.BatchSize > 1, "$.discriminator.batchSize", c.BatchSize, "must be 2 or more");
        Require(c.TrainSteps > 0, "$.discriminator.trainSteps", c.TrainSteps, "must be positive");
        Require(c.LearningRate > 0, "$.discriminator.learningRate", c.LearningRate, "must be positive");
        var e = Evaluation;
        Require(e.HeatmapSequences > 0, "$.evaluation.heatmapSequences", e.HeatmapSequences, "must be positive");
        Require(e.DiscriminabilitySamples >= 10, "$.evaluation.discriminabilitySamples", e.DiscriminabilitySamples, "must be 10 or more");
        Require(e.SmoothingBins >= 0, "$.evaluation.smoothingBins", e.SmoothingBins, "must be 0 or more");
        Require(e.NoiseFraction is > 0 and <= 1, "$.evaluation.noiseFraction", e.NoiseFraction, "must be in (0, 1]");
        Require(e.SteeringSamples >= 0, "$.evaluation.steeringSamples", e.SteeringSamples, "must be 0 (no steering) or more");
        Require(CheckpointEvery > 0, "$.checkpointEvery", CheckpointEvery, "must be positive");
        Require(MicroBatches > 0 && Diffusion.BatchSize % MicroBatches == 0 && Reward.BatchSize % MicroBatches == 0, "$.microBatches", MicroBatches,
            $"must be positive and divide the diffusion batch ({Diffusion.BatchSize}) and the reward batch ({Reward.BatchSize})");
        return goals.SequenceEqual(Goals) ? this : this with { Goals = goals };

        static void Require(bool ok, string member, object value, string why)
        {
            if (!ok) throw InputException.InvalidValue(member, value, why);
        }
    }

    /// <summary>A point goal exactly at one of the maze's paper goals becomes that goal's number.</summary>
    private static MazeGoal Canonical(Maze2DTask task, MazeGoal g)
    {
        if (g.IsNumbered) return g;
        int k = PaperGoals.For(task).ToList().IndexOf((g.X, g.Y));
        return k >= 0 ? MazeGoal.Paper(k + 1) : g;
    }

    private static string List(int[] values) => $"[{string.Join(", ", values)}]";
}
