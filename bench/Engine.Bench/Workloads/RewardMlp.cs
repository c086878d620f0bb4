using Engine.NN;

namespace Engine.Bench.Workloads;

/// <summary>
/// The reward network ρ of workloads W2, W3 and W5-guided (../shared/peer/README.md): x [batch, 24]
/// (h = 4 state-action pairs of dimension 6) and t [batch] → Diffuser's 16-dim SinusoidalPosEmb,
/// concatenated → Linear 40→128 → Mish → 128→64 → Mish → 64→32 → Mish → 32→1 (15,617 parameters).
/// </summary>
internal sealed class RewardMlp
{
    private readonly SinusoidalPosEmb _embedding = new(16);
    private readonly Sequential _mlp;

    public RewardMlp(Generator g) =>
        _mlp = new Sequential(new Linear(40, 128, g), new Mish(), new Linear(128, 64, g), new Mish(), new Linear(64, 32, g), new Mish(), new Linear(32, 1, g));

    public Parameter[] Parameters => _mlp.Parameters().ToArray();

    /// <summary>t [batch] → [batch, 16].</summary>
    public Tensor TimeEmbedding(Tensor t, DType dtype) => _embedding.Forward(t, dtype);

    /// <summary>ρ(x, t): x [batch, 24], tEmbedding [batch, 16] → [batch, 1].</summary>
    public Tensor Forward(Tensor x, Tensor tEmbedding) => _mlp.Forward(Tensor.Concat([x, tEmbedding], 1));
}
