using Engine.Rewards.Extraction;

namespace Engine.Experiments;

/// <summary>
/// An alignment source built on first use: a finished reward checkpoint is loaded without paying for the tuple
/// pool, and <see cref="Build"/> lets the stage runner build it (as its own progress stage) only when steps remain.
/// </summary>
internal sealed class DeferredAlignmentSource(int horizon, int transitionDim, Func<IAlignmentSource> make) : IAlignmentSource
{
    private IAlignmentSource? _inner;
    public int Horizon => horizon;
    public int TransitionDim => transitionDim;
    public void Build() => _inner ??= make();
    public AlignmentBatch Next(Generator g, int batchSize) => (_inner ??= make()).Next(g, batchSize);
}
