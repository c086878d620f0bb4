using System.Globalization;
using Engine.NN;

namespace Engine.Experiments;

/// <summary>The loss history kept with a checkpoint: the mean loss of every <see cref="Chunk"/> steps.</summary>
public sealed record LossCurve(int Chunk, List<double> Means)
{
    public IReadOnlyList<double> Steps => Means.Select((_, i) => (double)(i + 1) * Chunk).ToArray();

    public string Encode() => Chunk.ToString(CultureInfo.InvariantCulture) + ":" + string.Join(",", Means.Select(m => m.ToString("R", CultureInfo.InvariantCulture)));

    public static LossCurve Decode(string s)
    {
        var parts = s.Split(':', 2);
        var means = parts[1].Length == 0 ? [] : parts[1].Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToList();
        return new LossCurve(int.Parse(parts[0], CultureInfo.InvariantCulture), means);
    }
}

/// <summary>
/// A training loop that resumes: if the checkpoint exists it is loaded (after checking it was written for the
/// same configuration), training continues to the requested step count, and a checkpoint is written every
/// <c>every</c> steps and at the end (atomically, by the trainers' savers). A finished checkpoint is
/// simply loaded. The loss curve travels in the checkpoint's metadata, and so do the SHA-256 hashes of the
/// stage's input files (<see cref="StageInputs"/>): a checkpoint made from other data or upstream models is refused.
/// </summary>
public static class CheckpointedTraining
{
    /// <param name="fingerprint">What the checkpoint was trained for (configuration, data, seed); another one is refused.</param>
    /// <param name="beforeTraining">Runs once before the first step, only if steps remain.</param>
    /// <param name="inputs">The files the stage reads, with their hashes; recorded in the checkpoint and compared with what it recorded.</param>
    public static LossCurve Run(string stage, string path, string fingerprint, int totalSteps, int every, ITrainer trainer,
        IExperimentProgress progress, CancellationToken cancel = default, Action? beforeTraining = null, StageInputs? inputs = null)
    {
        double Step() => trainer.TrainStep();
        void WriteCheckpoint(IReadOnlyDictionary<string, string> meta) => trainer.Save(path, meta);
        (int, IReadOnlyDictionary<string, string>) Load() { var m = trainer.Load(path); return (trainer.Step, m); }

        int chunk = Math.Max(1, totalSteps / 400);
        var curve = new LossCurve(chunk, []);
        int done = 0;
        if (File.Exists(path))
        {
            IReadOnlyDictionary<string, string> meta = SafeTensors.ReadMetadata(path);
            if (!meta.TryGetValue("config", out var written) || written != fingerprint)
                throw new Engine.IO.InputException("checkpoint of another configuration", Engine.IO.InputException.Location(path), "it was written for a different configuration; delete it (or choose another --out) to start this stage afresh");
            inputs?.Check(meta.GetValueOrDefault(StageInputs.MetadataKey), path);
            (done, meta) = Load();
            if (meta.TryGetValue("losses", out var l)) curve = LossCurve.Decode(l);
            if (done > totalSteps)
                throw new Engine.IO.InputException("checkpoint beyond the run", Engine.IO.InputException.Location(path), $"it is at step {done}, beyond the {totalSteps} steps asked for; delete it (or choose another --out) to start this stage afresh");
            // The curve must end where the checkpoint is; a partial chunk is dropped and re-measured.
            int whole = done / curve.Chunk;
            if (curve.Means.Count > whole) curve.Means.RemoveRange(whole, curve.Means.Count - whole);
            if (done == totalSteps)
            {
                progress.Log($"{stage}: complete in {path}");
                return curve;
            }
            progress.Log($"{stage}: resuming at step {done} from {path}");
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        beforeTraining?.Invoke(); // e.g. drawing a tuple pool: its own stage, and only when there is training to do
        string? recordedInputs = inputs?.Encode();
        void Save()
        {
            var meta = new Dictionary<string, string> { ["config"] = fingerprint, ["losses"] = curve.Encode() };
            if (recordedInputs is not null) meta[StageInputs.MetadataKey] = recordedInputs;
            WriteCheckpoint(meta);
        }
        progress.Begin(stage, totalSteps, done);
        double sum = 0;
        int count = 0;
        for (int s = done; s < totalSteps; s++)
        {
            cancel.ThrowIfCancellationRequested();
            double loss = Step();
            sum += loss;
            count++;
            if ((s + 1) % chunk == 0)
            {
                curve.Means.Add(sum / count); // after a mid-chunk resume, the mean of the steps seen
                sum = 0; count = 0;
            }
            if ((s + 1) % every == 0 || s + 1 == totalSteps) Save();
            progress.Report(s + 1, $"loss {loss:G4}");
        }
        progress.End();
        return curve;
    }
}
