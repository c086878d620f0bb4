using System.Diagnostics;

namespace Engine.Envs.Datasets;

/// <summary>
/// A read-only file stream that stops a reader caught in a corrupt file: after more bytes than
/// <c>budget</c> or more time than <c>timeout</c> it throws, and <see cref="Tripped"/> says which bound was hit.
/// A valid HDF5 file is read about once, so a budget of a few times its length never trips on good data, while a
/// cyclic or self-referencing structure (a mutated B-tree, a heap pointing at itself) is stopped.
/// </summary>
internal sealed class GuardedReadStream(FileStream inner, long budget, TimeSpan timeout) : Stream
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _read;

    /// <summary>Why the stream refused to go on ("read 5 GB …", "took more than 30 s"), or null.</summary>
    public string? Tripped { get; private set; }

    private void Check(int count)
    {
        _read += count;
        if (Tripped is null && _read > budget) Tripped = $"reading stopped after {_read:N0} bytes, more than {budget:N0} for a file of {inner.Length:N0} bytes";
        if (Tripped is null && _clock.Elapsed > timeout) Tripped = $"reading took more than {timeout.TotalSeconds:G3} s";
        if (Tripped is not null) throw new IOException(Tripped);
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        Check(count);
        return inner.Read(buffer, offset, count);
    }

    public override int Read(Span<byte> buffer)
    {
        Check(buffer.Length);
        return inner.Read(buffer);
    }

    public override int ReadByte()
    {
        Check(1);
        return inner.ReadByte();
    }

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => inner.Position = value;
    }

    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
