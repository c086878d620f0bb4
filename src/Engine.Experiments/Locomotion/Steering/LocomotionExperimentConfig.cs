using System.Text.Json;
using System.Text.Json.Serialization;
using Engine.Envs.MuJoCo.Locomotion;
using Engine.Rewards.Steering;

namespace Engine.Experiments.Locomotion.Steering;

/// <summary>
/// The locomotion steering experiment (paper §5.2, Table 1) for one robot: base and expert Diffusers, the relative
/// reward (Algorithm 1 on mixed data), the discriminator baseline, and rollouts of four conditions. Presets:
/// <c>small</c> (this machine, minutes) and <c>paper</c> (the authors' sizes, docs/reference-facts.md §3, §6, §9).
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

    public LocomotionTask Task => LocomotionTask.Parse(Env);

    /// <summary>The small default for this machine: the paper's architecture and protocol, fewer steps and episodes.</summary>
    public static LocomotionExperimentConfig Small(string env)
    {
        var kind = LocomotionTask.Parse(env).Kind;
        var c = new LocomotionExperimentConfig { Env = LocomotionTask.Parse(env).Name };
        return kind == LocomotionKind.HalfCheetah
            ? c with { Diffusion = c.Diffusion with { Horizon = 4, DimMults = [1, 4, 8], Attention = true } }
            : c;
    }

    /// <summary>The authors' sizes (docs/reference-facts.md §3, §6.3, §9): days of CPU time here; for machines that can carry it.</summary>
    public static LocomotionExperimentConfig Paper(string env)
    {
        var c = Small(env);
        var kind = c.Task.Kind;
        return c with
        {
            Diffusion = c.Diffusion with { TrainSteps = 1_000_000, StepStartEma = 2000 },
            Reward = c.Reward with
            {
                TrainSteps = kind == LocomotionKind.HalfCheetah ? 100_000 : 50_000,
                LearningRate = kind == LocomotionKind.Walker2d ? 1e-3 : 2e-4,
                GradClip = kind == LocomotionKind.Hopper ? 0.2 : 0, PairPool = 0, StepStartEma = 2000,
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

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public LocomotionExperimentConfig Validated()
    {
        static void Check(bool ok, string what) { if (!ok) throw new ArgumentException($"locomotion experiment: {what}"); }
        _ = Task;
        Check(BaseData is "base" or "medium", $"baseData must be base or medium, got '{BaseData}'");
        Check(Diffusion.Horizon >= 1 && Diffusion.Steps >= 1 && Diffusion.Dim >= 1 && Diffusion.DimMults.Length > 0, "diffusion sizes must be positive");
        Check(Diffusion.Horizon % (1 << (Diffusion.DimMults.Length - 1)) == 0,
            $"diffusion.horizon {Diffusion.Horizon} must be divisible by 2^(levels − 1) = {1 << (Diffusion.DimMults.Length - 1)}");
        Check(Diffusion.TrainSteps >= 1 && Reward.TrainSteps >= 1 && Discriminator.TrainSteps >= 1, "training steps must be positive");
        Check(Reward.BatchSize >= 2 && Discriminator.BatchSize >= 2 && Diffusion.BatchSize >= 1, "batch sizes must be positive (reward and discriminator ≥ 2)");
        Check(Rollouts.Episodes >= 2 && Rollouts.MaxSteps >= 1, "rollouts need at least 2 episodes and 1 step");
        Check(Rollouts.Guidance is "code" or "paper", $"rollouts.guidance must be code or paper, got '{Rollouts.Guidance}'");
        Check(CheckpointEvery >= 1, "checkpointEvery must be positive");
        Check((Ablations.GridScales.Length == 0) == (Ablations.GridTStopgrad.Length == 0), "the ablation grid needs both scales and t_stopgrad values");
        Check(Ablations.GridScales.All(double.IsFinite) && Ablations.GridTStopgrad.All(t => t >= 0 && t <= Diffusion.Steps),
            $"grid scales must be finite and t_stopgrad values in [0, {Diffusion.Steps}]");
        return this;
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}
