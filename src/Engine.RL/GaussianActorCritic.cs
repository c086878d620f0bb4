namespace Engine.RL;

/// <summary>
/// The actor-critic of continuous-action PPO (CleanRL's <c>ppo_continuous_action</c> shape): two separate
/// tanh MLPs, <c>actor_mean: [B, ObservationDim] → [B, ActionDim]</c> and <c>critic: [B, ObservationDim] → [B, 1]</c>,
/// and a state-independent log standard deviation <c>actor_logstd: [1, ActionDim]</c> (starts at 0).
/// Hidden layers are orthogonally initialised with gain √2 and zero bias; the actor's output layer with gain
/// 0.01 (near-zero initial means), the critic's with gain 1.
/// </summary>
public sealed class GaussianActorCritic : Module
{
    /// <summary>Builds the actor and critic MLPs with the initialisation above.</summary>
    /// <param name="observationDim">Size of an observation vector, O.</param>
    /// <param name="actionDim">Size of an action vector, A.</param>
    /// <param name="hidden">Hidden widths shared by the actor and the critic, e.g. <c>[64, 64]</c> (copied).</param>
    /// <param name="g">Generator of the orthogonal initial weights.</param>
    /// <exception cref="ArgumentException">A size is not positive, or <paramref name="hidden"/> is empty.</exception>
    public GaussianActorCritic(int observationDim, int actionDim, int[] hidden, Generator g)
    {
        if (observationDim <= 0 || actionDim <= 0)
            throw new ArgumentException($"GaussianActorCritic: observation and action sizes must be positive, got {observationDim}, {actionDim}");
        if (hidden.Length == 0 || hidden.Any(h => h <= 0))
            throw new ArgumentException($"GaussianActorCritic: hidden sizes must be positive, got [{string.Join(", ", hidden)}]");
        ObservationDim = observationDim;
        ActionDim = actionDim;
        Hidden = (int[])hidden.Clone();
        Critic = RegisterModule("critic", Mlp(observationDim, hidden, 1, 1.0, g));
        ActorMean = RegisterModule("actor_mean", Mlp(observationDim, hidden, actionDim, 0.01, g));
        LogStd = RegisterParameter("actor_logstd", Tensor.Zeros([1, actionDim]))!;
    }

    /// <summary>Observation size O, the networks' input width.</summary>
    public int ObservationDim { get; }
    /// <summary>Action size A, the actor's output width.</summary>
    public int ActionDim { get; }
    /// <summary>Hidden widths of both MLPs (a copy of the constructor's array).</summary>
    public int[] Hidden { get; }
    /// <summary>The value network <c>critic</c>: <c>[B, O] → [B, 1]</c>, Linear/Tanh layers.</summary>
    public Sequential Critic { get; }
    /// <summary>The mean network <c>actor_mean</c>: <c>[B, O] → [B, A]</c>, Linear/Tanh layers with a linear output.</summary>
    public Sequential ActorMean { get; }
    /// <summary>log σ, <c>actor_logstd: [1, A]</c>; state-independent, trained with the rest, 0 at the start (σ = 1).</summary>
    public Parameter LogStd { get; }

    /// <summary>Action means for normalised observations. <c>obs: [B, ObservationDim] → [B, ActionDim]</c>.</summary>
    public Tensor Mean(Tensor obs) => ActorMean.Forward(obs);

    /// <summary>State values. <c>obs: [B, ObservationDim] → [B]</c>.</summary>
    public Tensor Value(Tensor obs) => Critic.Forward(obs).Reshape(obs.Shape[0]);

    /// <summary>
    /// Σᵢ log N(aᵢ; μᵢ, σᵢ²) per row: −Σ((a − μ)²/(2σ²) + log σ + ½ log 2π). <c>mean, action: [B, ActionDim] → [B]</c>.
    /// </summary>
    public Tensor LogProb(Tensor mean, Tensor action)
    {
        var logStd = LogStd.Value;
        var z = (action - mean) * (-logStd).Exp();
        return -(z.Square() * 0.5 + logStd + 0.5 * Math.Log(2 * Math.PI)).Sum(1);
    }

    /// <summary>The Gaussian's entropy, the same for every state: Σᵢ (½ + ½ log 2π + log σᵢ). Scalar.</summary>
    public Tensor Entropy() => (LogStd.Value + (0.5 + 0.5 * Math.Log(2 * Math.PI))).Sum();

    private static Sequential Mlp(int input, int[] hidden, int output, double outputGain, Generator g)
    {
        var layers = new List<Layer>();
        int width = input;
        foreach (var h in hidden)
        {
            layers.Add(OrthogonalLinear(width, h, Math.Sqrt(2), g));
            layers.Add(new Tanh());
            width = h;
        }
        layers.Add(OrthogonalLinear(width, output, outputGain, g));
        return new Sequential([.. layers]);
    }

    private static Linear OrthogonalLinear(int input, int output, double gain, Generator g)
    {
        var layer = new Linear(input, output, g);
        layer.Weight.Value = Init.Orthogonal(g, output, input, gain);
        layer.Bias!.Value = Tensor.Zeros([output]);
        return layer;
    }
}
