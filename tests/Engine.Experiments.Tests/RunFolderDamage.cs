using Engine.NN;

namespace Engine.Experiments.Tests;

/// <summary>What an unlucky disk or a careless user does to a finished run folder, for the integrity tests.</summary>
internal static class RunFolderDamage
{
    /// <summary>Flips one bit in the middle of a file, in place; its length stays.</summary>
    public static void FlipBit(string path)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        fs.Position = fs.Length / 2;
        int b = fs.ReadByte();
        fs.Position = fs.Length / 2;
        fs.WriteByte((byte)(b ^ 0x04));
    }

    /// <summary>
    /// Replaces a checkpoint by another one that claims the same configuration and inputs (its metadata copied) but
    /// holds other weights: what a checkpoint swapped in from another run looks like to the stage that wrote it.
    /// </summary>
    public static void SwapWeights(string path)
    {
        var tensors = SafeTensors.Load(path, out var metadata);
        var name = tensors.Keys.Order(StringComparer.Ordinal).First();
        var t = tensors[name];
        if (t.DType == DType.Float32)
        {
            var v = t.ToArrayFloat();
            v[0] += 0.5f;
            tensors[name] = Tensor.FromArray(v, t.Shape);
        }
        else
        {
            var v = t.ToArrayDouble();
            v[0] += 0.5;
            tensors[name] = Tensor.FromArray(v, t.Shape);
        }
        SafeTensors.Save(path, tensors, metadata);
    }

    /// <summary>A copy of a whole folder, so that each test damages its own run.</summary>
    public static string Copy(string from)
    {
        string to = Directory.CreateTempSubdirectory("engine-integrity-run-").FullName;
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
            File.SetLastWriteTimeUtc(target, File.GetLastWriteTimeUtc(file));
        }
        return to;
    }

    /// <summary>Progress that keeps the log lines.</summary>
    public sealed class Log : IExperimentProgress
    {
        public List<string> Lines { get; } = [];
        public void Begin(string stage, long total, long done = 0) { }
        public void Report(long done, string? detail = null) { }
        public void End() { }
        void IExperimentProgress.Log(string line) => Lines.Add(line);
    }
}
