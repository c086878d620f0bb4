namespace Engine.NN;

/// <summary>
/// The contract every trainer of the project keeps (diffusion, relative reward, discriminator): one optimiser
/// step at a time, and a checkpoint that continues bit-exactly. Stage runners (checkpointing, resume, progress,
/// loss curves) work against this, whatever is being trained.
/// </summary>
public interface ITrainer
{
    /// <summary>Completed optimiser steps.</summary>
    int Step { get; }

    /// <summary>One optimiser step; returns its loss.</summary>
    double TrainStep();

    /// <summary>Writes everything the next steps depend on, atomically, with the caller's metadata added.</summary>
    void Save(string path, IReadOnlyDictionary<string, string>? extraMetadata = null);

    /// <summary>Restores a <see cref="Save"/>d state; returns the file's metadata.</summary>
    IReadOnlyDictionary<string, string> Load(string path);
}
