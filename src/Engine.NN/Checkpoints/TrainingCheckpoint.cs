using System.Globalization;

namespace Engine.NN;

/// <summary>
/// A trainer's checkpoint in one safetensors file, written atomically: the model under "model.", its EMA copy
/// under "ema.", the optimiser's state under "optim." and the trainer's metadata (step, generator position, …).
/// Loading reads the file once.
/// </summary>
public static class TrainingCheckpoint
{
    /// <summary>Writes model, EMA model, optimiser state and <paramref name="metadata"/> to one file, atomically.</summary>
    public static void Save(string path, Module model, Module ema, Optimizer optimizer, IReadOnlyDictionary<string, string> metadata)
    {
        var tensors = new Dictionary<string, Tensor>();
        foreach (var (k, v) in model.StateDict()) tensors["model." + k] = v;
        foreach (var (k, v) in ema.StateDict()) tensors["ema." + k] = v;
        foreach (var (k, v) in optimizer.StateDict()) tensors["optim." + k] = v;
        SafeTensors.Save(path, tensors, metadata);
    }

    /// <summary>
    /// Reads the file, lets <paramref name="checkMetadata"/> refuse it before anything changes, then loads the
    /// model, the EMA model and the optimiser (absent optimiser state restarts it). Returns the metadata.
    /// Shape and name mismatches are <see cref="Engine.IO.InputException"/>s naming the file.
    /// </summary>
    public static Dictionary<string, string> Load(string path, Module model, Module ema, Optimizer optimizer,
        Action<IReadOnlyDictionary<string, string>>? checkMetadata = null)
    {
        var all = SafeTensors.Load(path, out var meta);
        checkMetadata?.Invoke(meta);
        Dictionary<string, Tensor> Part(string prefix) => all.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value);
        try
        {
            model.LoadStateDict(Part("model."));
            ema.LoadStateDict(Part("ema."));
            optimizer.LoadStateDict(Part("optim."));
        }
        catch (InvalidDataException e) { throw new Engine.IO.InputException("checkpoint does not fit the model", Engine.IO.InputException.Location(path), e.Message, e); }
        return meta;
    }

    /// <summary>Adds a generator's position to checkpoint metadata, so a resumed run draws the same numbers.</summary>
    public static void AddGenerator(IDictionary<string, string> metadata, Generator g)
    {
        var (key, offset) = g.State;
        metadata["generator_key"] = key.ToString(CultureInfo.InvariantCulture);
        metadata["generator_offset"] = offset.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The generator saved by <see cref="AddGenerator"/>, or null when the metadata has none.</summary>
    public static Generator? ReadGenerator(IReadOnlyDictionary<string, string> metadata, string path)
    {
        if (!metadata.TryGetValue("generator_key", out var k) || !metadata.TryGetValue("generator_offset", out var o)) return null;
        if (!ulong.TryParse(k, NumberStyles.Integer, CultureInfo.InvariantCulture, out var key) || !ulong.TryParse(o, NumberStyles.Integer, CultureInfo.InvariantCulture, out var offset))
            throw new Engine.IO.InputException("corrupt checkpoint", Engine.IO.InputException.Location(path), $"malformed generator position ({k}, {o}) in its metadata");
        return Generator.FromState(key, offset);
    }
}
