namespace Engine.Diffusion;

/// <summary>
/// What a diffusion trains on: batches of clean samples x₀: [batch, …<see cref="SampleShape"/>] with their
/// inpainting conditions. Trajectory windows (<see cref="SequenceDataset"/>) condition on observations; other
/// samples (images) have none.
/// </summary>
public interface IDiffusionDataset
{
    /// <summary>The shape of one sample: [horizon, transition] for trajectory windows, [channels, height, width] for images.</summary>
    IReadOnlyList<int> SampleShape { get; }

    /// <summary><paramref name="batch"/> samples drawn uniformly with replacement by <paramref name="g"/>, with their conditions (time index → values).</summary>
    (Tensor X, Dictionary<int, Tensor> Conditions) SampleBatch(Generator g, int batch, DType dtype = DType.Float32);

    /// <summary>The conditioning of <paramref name="batch"/> samples from the conditions a batch came with (or a slice of them).</summary>
    Conditioning Condition(IReadOnlyDictionary<int, Tensor> conditions, int batch, DType dtype);
}
