using System.Text.Json;
using System.Text.Json.Serialization;
using Engine.Envs.MuJoCo.Locomotion;
using Engine.Rewards.Steering;

namespace Engine.Experiments.Locomotion.Steering;

/// <summary>
/// The locomotion steering experiment (paper §5.2, Table 1) for one robot: base and expert Diffusers, the relative
/// reward (Algorithm 1 on mixed data), the discriminator baseline, and rollouts of four conditions. Presets:
/// <c>small</c> (this machine, about 20 minutes), <c>table</c> (the measured table, about an hour per robot) and <c>paper</c> (the authors' sizes, docs/reference-facts.md §3, §6, §9).
/// </summary>
public sealed record LocomotionExperimentConfig
{
    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public string Env { get; init; } = "hopper";
    public ulong Seed { get; init; }
    /// <summary>Folder of the datasets (made by the dataset suite when missing).</summary>
    public string DataDir { get; init; } = "data/locomotion";
    /// <summary>Which base dataset: "base" (medium-replay-like, the first half of Table 1) or "medium" (its second half).</summary>
    public string BaseData { get; init; } = "base";
    public DiffusionSettings Diffusion { get; init; } = new();
    public RewardSettings Reward { get; init; } = new();
    public DiscriminatorSettings Discriminator { get; init; } = new();
    public RolloutSettings Rollouts { get; init; } = new();
    public AblationSettings Ablations { get; init; } = new();
    public int CheckpointEvery { get; init; } = 500;

    /// <summary>
    /// Data-parallel training (docs/distributed.md): each diffusion and reward batch is split into this many equal
    /// micro-batches whose gradients are added in a fixed order. 1 is the plain step; a given value gives the same
    /// weights alone or on any number of MPI ranks (`mpirun … engine locomotion experiment --data-parallel`).
    /// </summary>
    public int MicroBatches { get; init; } = 1;

    /// <summary>The paper's locomotion ablations, as extra rollout conditions of the same run.</summary>
    public sealed record AblationSettings
    {
        /// <summary>
        /// Table 8: a second base Diffuser trained from another seed (never seen by the reward), rolled out unsteered and
        /// steered by the same reward with the "Reward (Ours, Ablation)" ω and t_stopgrad of Tables 6/7.
        /// </summary>
        public bool SecondBase { get; init; }
        /// <summary>Table 3: the reward-steered base model for every ω in this list × every t_stopgrad in <see cref="GridTStopgrad"/>.</summary>
        public double[] GridScales { get; init; } = [];
        public int[] GridTStopgrad { get; init; } = [];
    }

    public sealed record DiffusionSettings
    {
        public int Horizon { get; init; } = 32;
        public int Steps { get; init; } = 20;
        public int Dim { get; init; } = 32;
        public int[] DimMults { get; init; } = [1, 2, 4, 8];
        public bool Attention { get; init; }
        public double ActionWeight { get; init; } = 10;
        public int BatchSize { get; init; } = 32;
        public double LearningRate { get; init; } = 2e-4;
        public int TrainSteps { get; init; } = 4000;
        public double EmaDecay { get; init; } = 0.995;
        public int StepStartEma { get; init; } = 400;
        public int UpdateEmaEvery { get; init; } = 10;
    }

    public sealed record RewardSettings
    {
        public int TrainSteps { get; init; } = 3000;
        public int BatchSize { get; init; } = 128;
        public double LearningRate { get; init; } = 2e-4;
        /// <summary>Gradient clipping by value (the authors' Hopper run: 0.2); 0 = none.</summary>
        public double GradClip { get; init; }
        /// <summary>Tuples drawn once and reused (0 = fresh model evaluations every step, as the authors' code).</summary>
        public int PairPool { get; init; } = 8192;
        public int StepStartEma { get; init; } = 400;
        public int UpdateEmaEvery { get; init; } = 10;
    }

    public sealed record DiscriminatorSettings
    {
        public int TrainSteps { get; init; } = 3000;
        public int BatchSize { get; init; } = 128;
        public double LearningRate { get; init; } = 2e-4;
    }

    public sealed record RolloutSettings
    {
        /// <summary>Episodes per condition (one environment each, all stepped together).</summary>
        public int Episodes { get; init; } = 16;
        public int MaxSteps { get; init; } = 1000;
        /// <summary>An episode also ends when its cumulative reward drops below this (the authors' rollout script: −50).</summary>
        public double StopBelow { get; init; } = -50;
        /// <summary>"code" (main_results.json) or "paper" (Tables 6/7) for the reward's ω and t_stopgrad.</summary>
        public string Guidance { get; init; } = "paper";
        /// <summary>Overrides of the reward's ω / t_stopgrad (NaN / −1: the preset's).</summary>
        public double RewardScale { get; init; } = double.NaN;
        public int RewardTStopgrad { get; init; } = -1;
    }

    public LocomotionTask Task => LocomotionTask.Parse(Env, "$.Env");

    /// <summary>
    /// The small default, sized to run Hopper from nothing (data included) in well under 20 minutes on 2 quiet cores:
    /// the paper's architecture and rollout protocol with 2000 diffusion steps per model, 1500 reward and
    /// discriminator steps of batch 128 and 16 episodes per condition (half the training of <see cref="Table"/>).
    /// </summary>
    public static LocomotionExperimentConfig Small(string env)
    {
        var c = Table(env);
        return c with
        {
            Diffusion = c.Diffusion with { TrainSteps = 2000 },
            Reward = c.Reward with { TrainSteps = 1500 },
            Discriminator = c.Discriminator with { TrainSteps = 1500 },
            Rollouts = c.Rollouts with { Episodes = 16 },
        };
    }

    /// <summary>
    /// The sizes of the measured table in docs/results.md (about 1–1.5 hours per robot on 2 cores): 4000 diffusion steps
    /// per model, 3000 reward and discriminator steps of batch 128, 64 episodes per condition.
    /// </summary>
    public static LocomotionExperimentConfig Table(string env)
    {
        var kind = LocomotionTask.Parse(env).Kind;
        var c = new LocomotionExperimentConfig { Env = LocomotionTask.Parse(env).Name, Rollouts = new RolloutSettings { Episodes = 64 } };
        return kind == LocomotionKind.HalfCheetah
            ? c with { Diffusion = c.Diffusion with { Horizon = 4, DimMults = [1, 4, 8], Attention = true } }
            : c;
    }

    /// <summary>The authors' sizes (docs/reference-facts.md §3, §6.3, §9): days of CPU time here; for machines that can carry it.</summary>
    public static LocomotionExperimentConfig Paper(string env)
    {
        var c = Table(env);
        var kind = c.Task.Kind;
        return c with
        {
            Diffusion = c.Diffusion with { TrainSteps = 1_000_000, StepStartEma = 2000 },
            Reward = c.Reward with
            {
                TrainSteps = kind == LocomotionKind.HalfCheetah ? 100_000 : 50_000,
                LearningRate = kind == LocomotionKind.Walker2d ? 1e-3 : 2e-4,
                GradClip = kind == LocomotionKind.Hopper ? 0.2 : 0,
                PairPool = 0,
                StepStartEma = 2000,
            },
            Discriminator = c.Discriminator with { TrainSteps = 50_000 },
            Rollouts = c.Rollouts with { Episodes = 512 },
            CheckpointEvery = 5000,
        };
    }

    public Engine.Diffusion.GuideOptions RewardGuide()
    {
        var preset = SteeringPresets.Locomotion(Task.Name, Rollouts.Guidance == "code" ? SteeringSource.RewardCode : SteeringSource.RewardPaper);
        return preset with
        {
            Scale = double.IsNaN(Rollouts.RewardScale) ? preset.Scale : Rollouts.RewardScale,
            TStopgrad = Rollouts.RewardTStopgrad >= 0 ? Rollouts.RewardTStopgrad : preset.TStopgrad,
        };
    }

    public Engine.Diffusion.GuideOptions DiscriminatorGuide() => SteeringPresets.Locomotion(Task.Name, SteeringSource.DiscriminatorPaper);

    /// <summary>
    /// Throws an <see cref="Engine.IO.InputException"/> naming the first bad setting by its JSON path as <see cref="ToJson"/>
    /// writes it (<c>invalid value 'x' ($.Rollouts.Guidance): …</c>); the command line re-places it at the option that set it.
    /// </summary>
    public LocomotionExperimentConfig Validated()
    {
        static void Check(bool ok, string member, object value, string why)
        {
            if (!ok) throw Engine.IO.InputException.InvalidValue(member, value, why);
        }
        _ = Task;
        var d = Diffusion;
        Check(BaseData is "base" or "medium", "$.BaseData", BaseData, "must be base or medium");
        Check(d.Horizon >= 1, "$.Diffusion.Horizon", d.Horizon, "must be positive");
        Check(d.Steps >= 1, "$.Diffusion.Steps", d.Steps, "must be positive");
        Check(d.Dim >= 1, "$.Diffusion.Dim", d.Dim, "must be positive");
        Check(d.DimMults.Length > 0, "$.Diffusion.DimMults", "[]", "give at least one level");
        Check(d.Horizon % (1 << (d.DimMults.Length - 1)) == 0, "$.Diffusion.Horizon", d.Horizon,
            $"must be divisible by 2^(levels − 1) = {1 << (d.DimMults.Length - 1)}");
        Check(d.TrainSteps >= 1, "$.Diffusion.TrainSteps", d.TrainSteps, "must be positive");
        Check(Reward.TrainSteps >= 1, "$.Reward.TrainSteps", Reward.TrainSteps, "must be positive");
        Check(Discriminator.TrainSteps >= 1, "$.Discriminator.TrainSteps", Discriminator.TrainSteps, "must be positive");
        Check(d.BatchSize >= 1, "$.Diffusion.BatchSize", d.BatchSize, "must be positive");
        Check(Reward.BatchSize >= 2, "$.Reward.BatchSize", Reward.BatchSize, "must be 2 or more");
        Check(Discriminator.BatchSize >= 2, "$.Discriminator.BatchSize", Discriminator.BatchSize, "must be 2 or more");
        Check(Rollouts.Episodes >= 2, "$.Rollouts.Episodes", Rollouts.Episodes, "rollouts need at least 2 episodes");
        Check(Rollouts.MaxSteps >= 1, "$.Rollouts.MaxSteps", Rollouts.MaxSteps, "must be positive");
        Check(Rollouts.Guidance is "code" or "paper", "$.Rollouts.Guidance", Rollouts.Guidance, "must be code or paper");
        Check(CheckpointEvery >= 1, "$.CheckpointEvery", CheckpointEvery, "must be positive");
        Check(MicroBatches >= 1 && Diffusion.BatchSize % MicroBatches == 0 && Reward.BatchSize % MicroBatches == 0, "$.MicroBatches", MicroBatches,
            $"must be positive and divide the diffusion batch ({Diffusion.BatchSize}) and the reward batch ({Reward.BatchSize})");
        var a = Ablations;
        Check(a.GridScales.Length > 0 || a.GridTStopgrad.Length == 0, "$.Ablations.GridScales", "[]", "the ablation grid needs both scales and t_stopgrad values");
        Check(a.GridTStopgrad.Length > 0 || a.GridScales.Length == 0, "$.Ablations.GridTStopgrad", "[]", "the ablation grid needs both scales and t_stopgrad values");
        foreach (var scale in a.GridScales) Check(double.IsFinite(scale), "$.Ablations.GridScales", scale, "grid scales must be finite");
        foreach (var t in a.GridTStopgrad) Check(t >= 0 && t <= d.Steps, "$.Ablations.GridTStopgrad", t, $"t_stopgrad values must be in [0, {d.Steps}]");
        return this;
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    private static readonly JsonSerializerOptions StrictJson = JsonConfigFile.Strict(Json);

    /// <summary>A configuration file as <c>--print-config</c> writes it (unknown members and nulls refused with their path); not yet validated.</summary>
    public static LocomotionExperimentConfig Load(string path) => JsonConfigFile.Load<LocomotionExperimentConfig>(path, StrictJson);
}
