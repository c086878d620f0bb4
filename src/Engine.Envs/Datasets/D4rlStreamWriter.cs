using System.Runtime.InteropServices;

namespace Engine.Envs.Datasets;

/// <summary>
/// Writes a D4RL-layout HDF5 file transition by transition without holding the dataset in memory.
/// <para>
/// Decision: PureHDF 2.2 fixes every dataset's dimensions when the file is begun (no resizable/unlimited
/// dimensions), so the final row count must be known before the first HDF5 byte is written. Rows are therefore
/// spooled to one raw little-endian scratch file per field next to the output; <see cref="Complete"/> then creates
/// the HDF5 file with the now-known count and copies the spool into it one chunk-aligned block at a time with
/// PureHDF's deferred <c>BeginWrite</c> API. Memory stays bounded by a block; disk holds the data twice for a moment.
/// The HDF5 file is built under a temporary name and renamed into place only when complete, so a crash never
/// leaves a partial file at the output path. Disposing without <see cref="Complete"/> deletes everything.
/// </para>
/// <para>
/// Right after the rename the file's SHA-256 is written beside it, atomically, as <c>&lt;path&gt;.sha256</c>
/// (<see cref="Engine.IO.HashSidecar"/>), so that a later reader can tell a damaged or replaced file from the one written.
/// </para>
/// </summary>
public sealed class D4rlStreamWriter : IDisposable
{
    private readonly string _path;
    private readonly string _spoolDirectory;
    private readonly InfoSpec[] _infos;
    private readonly int _infoWidth;
    private readonly BinaryStream _observations, _actions, _rewards, _terminals, _timeouts;
    private readonly BinaryStream[] _infoStreams;
    private bool _completed, _disposed;

    /// <summary>Values per observation.</summary>
    public int ObservationDim { get; }
    /// <summary>Values per action.</summary>
    public int ActionDim { get; }
    /// <summary>Transitions appended so far.</summary>
    public long Count { get; private set; }
    /// <summary>The <c>infos/*</c> columns, in the order their values are passed to Append.</summary>
    public IReadOnlyList<InfoSpec> InfoSpecs => _infos;

    /// <summary>Starts spooling next to <paramref name="path"/>; nothing is written there until <see cref="Complete"/>.</summary>
    /// <param name="path">Output .hdf5 path; replaced atomically on <see cref="Complete"/>.</param>
    /// <param name="observationDim">Values per observation (&gt; 0).</param>
    /// <param name="actionDim">Values per action (&gt; 0).</param>
    /// <param name="infos">Optional <c>infos/*</c> columns; their values are passed to <see cref="Append(ReadOnlySpan{float}, ReadOnlySpan{float}, float, bool, bool, ReadOnlySpan{double})"/> concatenated in this order.</param>
    /// <exception cref="ArgumentException">A size is not positive, or an info spec is invalid or repeated.</exception>
    /// <exception cref="DirectoryNotFoundException">The output directory does not exist.</exception>
    public D4rlStreamWriter(string path, int observationDim, int actionDim, IReadOnlyList<InfoSpec>? infos = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (observationDim <= 0) throw new ArgumentException($"observationDim must be positive, got {observationDim}.", nameof(observationDim));
        if (actionDim <= 0) throw new ArgumentException($"actionDim must be positive, got {actionDim}.", nameof(actionDim));
        _infos = (infos ?? []).ToArray();
        foreach (var spec in _infos) spec.Validate();
        if (_infos.Select(s => s.Name).Distinct().Count() != _infos.Length)
            throw new ArgumentException("Info field names must be distinct.", nameof(infos));
        _infoWidth = _infos.Sum(s => s.Width);

        _path = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(_path)!;
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"Output directory '{directory}' does not exist (path '{path}').");
        Engine.IO.StaleTemporaries.Clean(directory); // spools and temporaries of killed writers
        _spoolDirectory = Engine.IO.DurableFile.TemporaryPath(_path, "spool"); // a killed run's spool is removed by StaleTemporaries
        Directory.CreateDirectory(_spoolDirectory);
        ObservationDim = observationDim;
        ActionDim = actionDim;
        _observations = new BinaryStream(Spool("observations"));
        _actions = new BinaryStream(Spool("actions"));
        _rewards = new BinaryStream(Spool("rewards"));
        _terminals = new BinaryStream(Spool("terminals"));
        _timeouts = new BinaryStream(Spool("timeouts"));
        _infoStreams = _infos.Select(s => new BinaryStream(Spool("info-" + s.Name))).ToArray();
    }

    private string Spool(string field) => Path.Combine(_spoolDirectory, field + ".bin");

    /// <summary>Appends one transition. <paramref name="infoValues"/>: the info columns' values concatenated in spec order.</summary>
    public void Append(ReadOnlySpan<float> observation, ReadOnlySpan<float> action, float reward, bool terminal, bool timeout,
        ReadOnlySpan<double> infoValues = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_completed) throw new InvalidOperationException("The dataset was already completed.");
        if (observation.Length != ObservationDim)
            throw new ArgumentException($"observation has length {observation.Length}; expected {ObservationDim}.", nameof(observation));
        if (action.Length != ActionDim)
            throw new ArgumentException($"action has length {action.Length}; expected {ActionDim}.", nameof(action));
        if (infoValues.Length != _infoWidth)
            throw new ArgumentException($"infoValues has length {infoValues.Length}; expected {_infoWidth} ({string.Join(", ", _infos.Select(s => $"{s.Name}[{s.Width}]"))}).", nameof(infoValues));
        _observations.Write(MemoryMarshal.AsBytes(observation));
        _actions.Write(MemoryMarshal.AsBytes(action));
        _rewards.Write(MemoryMarshal.AsBytes(new ReadOnlySpan<float>(in reward)));
        _terminals.WriteByte(terminal ? (byte)1 : (byte)0);
        _timeouts.WriteByte(timeout ? (byte)1 : (byte)0);
        int offset = 0;
        for (int i = 0; i < _infos.Length; i++)
        {
            _infoStreams[i].Write(MemoryMarshal.AsBytes(infoValues.Slice(offset, _infos[i].Width)));
            offset += _infos[i].Width;
        }
        Count++;
    }

    /// <summary>Appends every row of <paramref name="block"/>, whose sizes and info columns must match this writer.</summary>
    public void Append(D4rlDataset block)
    {
        ArgumentNullException.ThrowIfNull(block);
        if (block.ObservationDim != ObservationDim || block.ActionDim != ActionDim)
            throw new ArgumentException($"block has observation/action sizes ({block.ObservationDim}, {block.ActionDim}); the writer expects ({ObservationDim}, {ActionDim}).", nameof(block));
        var columns = _infos.Select(spec => block.Info(spec.Name)
            ?? throw new ArgumentException($"block lacks info column '{spec.Name}'.", nameof(block))).ToArray();
        var row = new double[_infoWidth];
        for (int t = 0; t < block.Count; t++)
        {
            int offset = 0;
            foreach (var column in columns)
            {
                int w = column.Spec.Width;
                Array.Copy(column.Values, t * w, row, offset, w);
                offset += w;
            }
            Append(block.Observation(t), block.Action(t), block.Rewards[t], block.Terminals[t], block.Timeouts[t], row);
        }
    }

    /// <summary>
    /// Writes the HDF5 file (temporary name, then rename onto the output path) and its <c>.sha256</c> sidecar, and removes the spool.
    /// At least one transition must have been appended.
    /// </summary>
    public void Complete()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_completed) throw new InvalidOperationException("The dataset was already completed.");
        if (Count == 0) throw new InvalidOperationException($"No transitions were appended to '{_path}'.");
        var streams = new[] { _observations, _actions, _rewards, _terminals, _timeouts }.Concat(_infoStreams);
        foreach (var s in streams) s.Close();

        string temporary = Engine.IO.DurableFile.TemporaryPath(_path);
        try
        {
            var layout = new D4rlHdf5Layout(Count, ObservationDim, ActionDim, _infos);
            layout.WriteFromSpool(temporary, field => Spool(field));
            Engine.IO.HashSidecar.Invalidate(_path); // a crash before the new sidecar leaves none, never the old file's hash
            Engine.IO.DurableFile.Replace(temporary, _path);
            Engine.IO.HashSidecar.Write(_path);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
        _completed = true;
        DeleteSpool();
    }

    /// <summary>Closes and deletes the spool; without a prior <see cref="Complete"/> no output file is left.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var s in new[] { _observations, _actions, _rewards, _terminals, _timeouts }.Concat(_infoStreams))
            s.Close();
        DeleteSpool();
    }

    private void DeleteSpool()
    {
        if (Directory.Exists(_spoolDirectory)) Directory.Delete(_spoolDirectory, recursive: true);
    }

    /// <summary>Buffered append-only scratch file.</summary>
    private sealed class BinaryStream(string path)
    {
        private readonly FileStream _stream = new(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        private bool _closed;
        public void Write(ReadOnlySpan<byte> bytes) => _stream.Write(bytes);
        public void WriteByte(byte b) => _stream.WriteByte(b);
        public void Close()
        {
            if (_closed) return;
            _closed = true;
            _stream.Dispose();
        }
    }
}
