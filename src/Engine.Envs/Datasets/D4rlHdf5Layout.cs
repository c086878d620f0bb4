using System.Runtime.InteropServices;
using PureHDF;
using PureHDF.Selections;

namespace Engine.Envs.Datasets;

/// <summary>
/// The HDF5 layout D4RL uses: root datasets <c>observations [N, obs]</c> float32, <c>actions [N, act]</c> float32,
/// <c>rewards [N]</c> float32, <c>terminals [N]</c> and <c>timeouts [N]</c> bool, and a group <c>infos</c> holding
/// one dataset per info column (<c>[N, width]</c> or <c>[N]</c>, float32 or float64).
/// Decision: datasets are chunked along rows with chunks of exactly one copy block (64 Ki rows, or N if fewer),
/// uncompressed. PureHDF writes a whole aligned chunk ~10× faster than the same rows of a contiguous dataset
/// (measured: 1 M × 4 floats 2.4 s chunked vs 21 s contiguous), and h5py reads either layout.
/// </summary>
internal sealed class D4rlHdf5Layout(long count, int observationDim, int actionDim, IReadOnlyList<InfoSpec> infos)
{
    /// <summary>Rows copied per block from the spool; bounds memory while completing a file.</summary>
    private const int BlockRows = 1 << 16;

    public void WriteFromSpool(string hdf5Path, Func<string, string> spoolPath)
    {
        ulong n = (ulong)count;
        uint chunkRows = (uint)Math.Min(count, BlockRows);
        var observations = new H5Dataset<float[]>(fileDims: [n, (ulong)observationDim], chunks: [chunkRows, (uint)observationDim]);
        var actions = new H5Dataset<float[]>(fileDims: [n, (ulong)actionDim], chunks: [chunkRows, (uint)actionDim]);
        var rewards = new H5Dataset<float[]>(fileDims: [n], chunks: [chunkRows]);
        var terminals = new H5Dataset<bool[]>(fileDims: [n], chunks: [chunkRows]);
        var timeouts = new H5Dataset<bool[]>(fileDims: [n], chunks: [chunkRows]);
        var infoGroup = new H5Group();
        var infoDatasets = new H5Dataset[infos.Count];
        for (int i = 0; i < infos.Count; i++)
        {
            var spec = infos[i];
            ulong[] dims = spec.Scalar ? [n] : [n, (ulong)spec.Width];
            uint[] chunks = spec.Scalar ? [chunkRows] : [chunkRows, (uint)spec.Width];
            infoDatasets[i] = spec.Precision == StoredPrecision.Single
                ? new H5Dataset<float[]>(fileDims: dims, chunks: chunks)
                : new H5Dataset<double[]>(fileDims: dims, chunks: chunks);
            infoGroup[spec.Name] = infoDatasets[i];
        }
        var file = new H5File
        {
            ["observations"] = observations,
            ["actions"] = actions,
            ["rewards"] = rewards,
            ["terminals"] = terminals,
            ["timeouts"] = timeouts,
        };
        if (infos.Count > 0) file["infos"] = infoGroup;

        using var writer = file.BeginWrite(hdf5Path);
        CopyFloats(writer, observations, spoolPath("observations"), observationDim, rank2: true);
        CopyFloats(writer, actions, spoolPath("actions"), actionDim, rank2: true);
        CopyFloats(writer, rewards, spoolPath("rewards"), 1, rank2: false);
        CopyBools(writer, terminals, spoolPath("terminals"));
        CopyBools(writer, timeouts, spoolPath("timeouts"));
        for (int i = 0; i < infos.Count; i++)
        {
            var spec = infos[i];
            string spool = spoolPath("info-" + spec.Name);
            if (infoDatasets[i] is H5Dataset<float[]> single)
                CopyDoublesAsFloats(writer, single, spool, spec.Width, rank2: !spec.Scalar);
            else
                CopyDoubles(writer, (H5Dataset<double[]>)infoDatasets[i], spool, spec.Width, rank2: !spec.Scalar);
        }
    }

    private static HyperslabSelection Rows(long start, int rows, int width, bool rank2) => rank2
        ? new HyperslabSelection(2, [(ulong)start, 0], [(ulong)rows, (ulong)width])
        : new HyperslabSelection(1, [(ulong)start], [(ulong)rows]);

    /// <summary>Streams [count, width] values of type T out of a spool file, one block of rows at a time.</summary>
    private void ForEachBlock<T>(string spool, int width, Action<long, int, T[]> write) where T : unmanaged
    {
        using var stream = new FileStream(spool, FileMode.Open, FileAccess.Read, FileShare.None, 1 << 16);
        var buffer = new T[BlockRows * width];
        for (long start = 0; start < count; start += BlockRows)
        {
            int rows = (int)Math.Min(BlockRows, count - start);
            var block = rows * width == buffer.Length ? buffer : new T[rows * width];
            stream.ReadExactly(MemoryMarshal.AsBytes(block.AsSpan()));
            write(start, rows, block);
        }
    }

    private void CopyFloats(H5NativeWriter writer, H5Dataset<float[]> dataset, string spool, int width, bool rank2) =>
        ForEachBlock<float>(spool, width, (start, rows, block) =>
            writer.Write(dataset, block, fileSelection: Rows(start, rows, width, rank2)));

    private void CopyDoubles(H5NativeWriter writer, H5Dataset<double[]> dataset, string spool, int width, bool rank2) =>
        ForEachBlock<double>(spool, width, (start, rows, block) =>
            writer.Write(dataset, block, fileSelection: Rows(start, rows, width, rank2)));

    private void CopyDoublesAsFloats(H5NativeWriter writer, H5Dataset<float[]> dataset, string spool, int width, bool rank2) =>
        ForEachBlock<double>(spool, width, (start, rows, block) =>
        {
            var narrowed = new float[block.Length];
            for (int i = 0; i < block.Length; i++) narrowed[i] = (float)block[i];
            writer.Write(dataset, narrowed, fileSelection: Rows(start, rows, width, rank2));
        });

    private void CopyBools(H5NativeWriter writer, H5Dataset<bool[]> dataset, string spool) =>
        ForEachBlock<byte>(spool, 1, (start, rows, block) =>
        {
            var flags = new bool[rows];
            for (int i = 0; i < rows; i++) flags[i] = block[i] != 0;
            writer.Write(dataset, flags, fileSelection: Rows(start, rows, 1, rank2: false));
        });
}
