namespace Engine.Kernels.Norm;

/// <summary>Group norm over a dense [Batch, Channels, Length] tensor with Channels split into Groups.</summary>
public readonly struct GroupNormShape(int batch, int channels, int length, int groups)
{
    public readonly int Batch = batch, Channels = channels, Length = length, Groups = groups;

    /// <summary>Elements normalised together: (Channels / Groups) · Length.</summary>
    public int GroupSize => Channels / Groups * Length;

    public override string ToString() => $"B={Batch} C={Channels} L={Length} G={Groups}";
}
