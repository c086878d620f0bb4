using Engine.IO;
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

    /// <summary>How long one file may take to read before it counts as pathological (a valid 10M-transition file takes seconds).</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Loads a whole file. Throws <see cref="FileNotFoundException"/> when it is absent and
    /// <see cref="InputException"/> naming the file, the field and the shapes when it is not a valid
    /// D4RL dataset (not HDF5, truncated, corrupt, missing field, wrong rank, mismatched lengths, non-numeric
    /// type, non-finite values). Every exception of the HDF5 library is wrapped so; a file that makes the reader read
    /// more than 8× its length (plus 64 MiB) or take longer than <paramref name="timeout"/> is refused the same way.
    /// </summary>
    public static D4rlDataset Read(string path, TimeSpan? timeout = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"Dataset file '{path}' does not exist.", path);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var guarded = new GuardedReadStream(stream, budget: 8 * stream.Length + (64L << 20), timeout ?? DefaultTimeout);
        try
        {
            NativeFile file;
            try
            {
                file = H5File.Open(guarded, leaveOpen: true);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new InputException("not a readable HDF5 file", InputException.Location(path), (guarded.Tripped ?? e.Message).TrimEnd('.'), e);
            }
            using (file)
                return ReadLayout(file, path, stream.Length);
        }
        catch (Exception e) when (e is not InputException and not OutOfMemoryException)
        {
            // Anything the HDF5 library throws on a corrupt file (its own exceptions, format, index, overflow …),
            // and the dataset's own checks of what was read (D4rlDataset's constructor).
            throw new InputException("corrupt HDF5 file", InputException.Location(path), guarded.Tripped ?? $"{e.GetType().Name}: {e.Message.TrimEnd('.')}", e);
        }
        finally
        {
            guarded.Dispose();
        }
    }

    private static D4rlDataset ReadLayout(NativeFile file, string path, long fileLength)
    {
        var reader = new FieldReader(file, path, fileLength);
        var (observations, n, obsDim) = reader.ReadFloatMatrix("observations", expectedRows: null);
        var (actions, _, actDim) = reader.ReadFloatMatrix("actions", n);
        var rewards = reader.ReadFloatVector("rewards", n);
        var terminals = reader.ReadFlags("terminals", n);
        var timeouts = file.LinkExists("timeouts") ? reader.ReadFlags("timeouts", n) : new bool[n];
        var infos = new List<InfoColumn>();
        if (file.LinkExists("infos"))
        {
            List<string> names;
            IH5Group group;
            try
            {
                group = file.Group("infos");
                // nested groups (rare in D4RL) are not part of the layout
                names = group.Children().Where(c => c is IH5Dataset).Select(c => c.Name).OrderBy(c => c, StringComparer.Ordinal).ToList();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new InputException("corrupt HDF5 file", InputException.Location(path, "/infos"), $"cannot list the group ({e.GetType().Name}: {e.Message.TrimEnd('.')})", e);
            }
            foreach (var name in names)
                infos.Add(reader.ReadInfo(group, name, n));
        }
        return new D4rlDataset(obsDim, actDim, observations, actions, rewards, terminals, timeouts, infos);
    }
}
