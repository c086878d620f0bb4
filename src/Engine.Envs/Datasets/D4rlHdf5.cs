using PureHDF;
using PureHDF.VOL.Native;

namespace Engine.Envs.Datasets;

/// <summary>
/// Reads and writes D4RL-layout HDF5 files (see <see cref="D4rlHdf5Layout"/>) with PureHDF, a managed HDF5
/// implementation. Reading accepts real D4RL files: float32 or float64 fields, h5py booleans (enum of int8),
/// integer flags, a missing <c>timeouts</c> (all false) and any numeric <c>infos/*</c> of shape [N] or [N, k].
/// </summary>
public static class D4rlHdf5
{
    /// <summary>Writes <paramref name="dataset"/> atomically (temporary file, then rename).</summary>
    public static void Write(D4rlDataset dataset, string path)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        using var writer = new D4rlStreamWriter(path, dataset.ObservationDim, dataset.ActionDim, dataset.Infos.Select(c => c.Spec).ToList());
        writer.Append(dataset);
        writer.Complete();
    }

    /// <summary>
    /// Loads a whole file. Throws <see cref="FileNotFoundException"/> when it is absent and
    /// <see cref="InvalidDataException"/> naming the file, the field and the shapes when it is not a valid
    /// D4RL dataset (not HDF5, truncated, missing field, wrong rank, mismatched lengths, non-numeric type).
    /// </summary>
    public static D4rlDataset Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"Dataset file '{path}' does not exist.", path);
        NativeFile file;
        try
        {
            file = H5File.OpenRead(path);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidDataException($"'{path}' is not a readable HDF5 file ({e.Message}).", e);
        }
        using (file)
        {
            var reader = new FieldReader(file, path);
            var (observations, n, obsDim) = reader.ReadFloatMatrix("observations", expectedRows: null);
            var (actions, _, actDim) = reader.ReadFloatMatrix("actions", n);
            var rewards = reader.ReadFloatVector("rewards", n);
            var terminals = reader.ReadFlags("terminals", n);
            var timeouts = file.LinkExists("timeouts") ? reader.ReadFlags("timeouts", n) : new bool[n];
            var infos = new List<InfoColumn>();
            if (file.LinkExists("infos"))
            {
                IH5Group group;
                try { group = file.Group("infos"); }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    throw new InvalidDataException($"'{path}': 'infos' is not a group ({e.Message}).", e);
                }
                foreach (var child in group.Children().OrderBy(c => c.Name, StringComparer.Ordinal))
                {
                    if (child is not IH5Dataset) continue; // nested groups (rare in D4RL) are not part of the layout
                    infos.Add(reader.ReadInfo(group, child.Name, n));
                }
            }
            return new D4rlDataset(obsDim, actDim, observations, actions, rewards, terminals, timeouts, infos);
        }
    }
}
