using System.Security.Cryptography;
using System.Text;

namespace Engine.IO.Tests;

/// <summary>Content hashes and their sidecars (issue 22's integrity): sha256sum's format, a changed byte refused by name.</summary>
public sealed class IntegrityTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("engine-integrity-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Data(string name, byte[] bytes, bool old = true)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        if (old) File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(-5)); // a file from an earlier run
        return path;
    }

    private static byte[] Payload(int n, int seed) => Enumerable.Range(0, n).Select(i => (byte)(i * 31 + seed)).ToArray();

    /// <summary>Flips one bit in place, as a damaged disk or a hostile edit would; the file's length stays.</summary>
    private static void FlipBit(string path, long offset)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        fs.Position = offset;
        int b = fs.ReadByte();
        fs.Position = offset;
        fs.WriteByte((byte)(b ^ 0x10));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3_000_001)] // several read buffers
    public void The_hash_is_the_SHA_256_of_the_bytes(int length)
    {
        var bytes = Payload(length, 7);
        string path = Data("a.bin", bytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), ContentHash.Sha256(path));
        Assert.Equal(ContentHash.Sha256(path), ContentHash.Sha256(path));
    }

    [Fact]
    public void A_known_value()
    {
        string path = Data("abc.txt", Encoding.ASCII.GetBytes("abc"));
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ContentHash.Sha256(path));
    }

    [Fact]
    public void A_file_changed_in_the_same_clock_tick_is_hashed_again()
    {
        // Written just now: its hash is not remembered, so a same-length change that keeps the time is still seen.
        string path = Data("fresh.bin", Payload(4096, 1), old: false);
        string before = ContentHash.Sha256(path);
        var stamp = File.GetLastWriteTimeUtc(path);
        FlipBit(path, 100);
        File.SetLastWriteTimeUtc(path, stamp);
        Assert.NotEqual(before, ContentHash.Sha256(path));
    }

    [Fact]
    public void A_remembered_hash_is_dropped_when_the_file_is_written_again()
    {
        string path = Data("old.bin", Payload(4096, 2));
        string before = ContentHash.Sha256(path);
        FlipBit(path, 4000); // the write moves the modification time
        Assert.NotEqual(before, ContentHash.Sha256(path));
    }

    [Fact]
    public void The_sidecar_is_one_sha256sum_line_written_atomically()
    {
        string path = Data("d.hdf5", Payload(1000, 3));
        string hash = HashSidecar.Write(path);
        Assert.Equal($"{hash}  d.hdf5\n", File.ReadAllText(path + ".sha256"));
        Assert.Equal(hash, HashSidecar.Read(path));
        Assert.Equal(["d.hdf5", "d.hdf5.sha256"], Directory.GetFileSystemEntries(_dir).Select(Path.GetFileName).Order()); // no temporary left
        Assert.True(HashSidecar.Matches(path));
        if (File.Exists("/usr/bin/sha256sum"))
        {
            using var p = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/usr/bin/sha256sum", ["-c", "--status", "d.hdf5.sha256"])
            { WorkingDirectory = _dir })!;
            p.WaitForExit();
            Assert.Equal(0, p.ExitCode);
        }
    }

    [Fact]
    public void A_flipped_bit_is_refused_with_one_line_naming_the_file()
    {
        string path = Data("d.hdf5", Payload(5000, 4));
        HashSidecar.Write(path);
        Assert.Equal(ContentHash.Sha256(path), HashSidecar.Verify(path));
        FlipBit(path, 2500);
        var e = Assert.Throws<Engine.IO.InputException>(() => HashSidecar.Verify(path));
        Assert.StartsWith($"data file changed ('{path}')", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.False(HashSidecar.Matches(path));
    }

    [Fact]
    public void A_file_without_a_sidecar_passes_and_a_damaged_sidecar_is_refused()
    {
        string path = Data("d.hdf5", Payload(100, 5));
        Assert.Null(HashSidecar.Read(path));
        Assert.Equal(ContentHash.Sha256(path), HashSidecar.Verify(path));
        Assert.False(HashSidecar.Matches(path));
        foreach (var text in new[] { "", "not a hash  d.hdf5\n", new string('a', 63) + "  d.hdf5\n", new string('x', 5000) })
        {
            File.WriteAllText(path + ".sha256", text);
            var e = Assert.Throws<Engine.IO.InputException>(() => HashSidecar.Verify(path));
            Assert.Contains("d.hdf5.sha256", e.Message);
        }
    }

    [Fact]
    public void Invalidate_removes_the_old_sidecar_before_a_replacement()
    {
        string path = Data("d.hdf5", Payload(100, 6));
        HashSidecar.Write(path);
        HashSidecar.Invalidate(path);
        Assert.False(File.Exists(path + ".sha256"));
        HashSidecar.Invalidate(path); // nothing to remove: no error
    }
}
