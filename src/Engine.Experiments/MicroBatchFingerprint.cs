namespace Engine.Experiments;

/// <summary>
/// A training stage's checkpoint fingerprint under data-parallel training: K micro-batches change the weights' last
/// bits, so K ≠ 1 is part of the fingerprint, and K = 1 leaves it as it was before micro-batching existed (old runs resume).
/// </summary>
internal static class MicroBatchFingerprint
{
    public static string Of(string fingerprint, int microBatches) =>
        microBatches == 1 ? fingerprint : $"{fingerprint} micro-batches {microBatches}";
}
