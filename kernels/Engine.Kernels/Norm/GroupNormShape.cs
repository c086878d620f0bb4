namespace Engine.Kernels.Norm;

/// <summary>Group norm over a dense [Batch, Channels, Length] tensor with Channels split into Groups.</summary>
/// <param name="batch">Batch size B.</param>
/// <param name="channels">Channels C, a multiple of <paramref name="groups"/>.</param>
/// <param name="length">Length L of each channel.</param>
/// <param name="groups">Groups G the channels are split into.</param>
public readonly struct GroupNormShape(int batch, int channels, int length, int groups)
{
    /// <summary>Batch size B, channels C, length L and groups G.</summary>
    public readonly int Batch = batch, Channels = channels, Length = length, Groups = groups;

    /// <summary>Elements normalised together: (Channels / Groups) · Length.</summary>
    public int GroupSize => Channels / Groups * Length;

    /// <summary>The four sizes on one line, for error messages.</summary>
    public override string ToString() => $"B={Batch} C={Channels} L={Length} G={Groups}";
}
