using Engine.IO;
using PureHDF;
using PureHDF.VOL.Native;

namespace Engine.Envs.Datasets;

/// <summary>Reads and validates single fields of a D4RL HDF5 file, turning every failure into an <see cref="InputException"/> naming the file and the field.</summary>
/// <param name="file">The open HDF5 file.</param>
/// <param name="path">The file's path, for error messages.</param>
/// <param name="fileLength">The file's size in bytes: no field can hold more values than deflate (at most 1032:1) could have packed into it.</param>
internal sealed class FieldReader(NativeFile file, string path, long fileLength)
{
    /// <summary>A field's place: the file and the HDF5 path of the dataset, e.g. <c>'d.hdf5' /infos/goal</c>.</summary>
    private string At(string fullName) => InputException.Location(path, "/" + fullName);

    /// <summary>A readable file whose field breaks the D4RL layout.</summary>
    private InputException Invalid(string fullName, string why) => new("invalid D4RL dataset", At(fullName), why);

    /// <summary>A file whose bytes the HDF5 reader cannot make sense of at this field.</summary>
    private InputException Corrupt(string fullName, string why, Exception? inner = null) => new("corrupt HDF5 file", At(fullName), why, inner);

    private IH5Dataset Open(IH5Group group, string name, string fullName)
    {
        if (!group.LinkExists(name))
            throw Invalid(fullName, "missing; the D4RL layout requires it");
        try
        {
            return group.Dataset(name);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw Corrupt(fullName, $"not a readable dataset ({e.Message.TrimEnd('.')})", e);
        }
    }

    private ulong[] Dims(IH5Dataset dataset, string fullName)
    {
        try { return dataset.Space.Dimensions; }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw Corrupt(fullName, $"cannot read its shape ({e.Message.TrimEnd('.')})", e);
        }
    }

    private static string Shape(ulong[] dims) => "[" + string.Join(", ", dims) + "]";

    private T Guard<T>(string fullName, ulong[] dims, Func<T> read)
    {
        try { return read(); }
        catch (Exception e) when (e is not OutOfMemoryException and not InputException)
        {
            throw Corrupt(fullName, $"reading it (shape {Shape(dims)}) failed; the file is truncated or corrupt ({e.Message.TrimEnd('.')})", e);
        }
    }

    /// <summary>Any numeric dataset read as double (float32/float64/integers).</summary>
    private double[] ReadNumbers(IH5Dataset dataset, string fullName, ulong[] dims) => Guard(fullName, dims, () =>
    {
        var type = dataset.Type;
        return (type.Class, type.Size) switch
        {
            (H5DataTypeClass.FloatingPoint, 4) => Array.ConvertAll(dataset.Read<float[]>(), v => (double)v),
            (H5DataTypeClass.FloatingPoint, 8) => dataset.Read<double[]>(),
            (H5DataTypeClass.FixedPoint or H5DataTypeClass.Enumerated, 1) => Array.ConvertAll(dataset.Read<byte[]>(), v => (double)v),
            (H5DataTypeClass.FixedPoint, 4) => Array.ConvertAll(dataset.Read<int[]>(), v => (double)v),
            (H5DataTypeClass.FixedPoint, 8) => Array.ConvertAll(dataset.Read<long[]>(), v => (double)v),
            _ => throw Invalid(fullName, $"unsupported element type {type.Class} of {type.Size} bytes; expected a number"),
        };
    });

    private float[] ReadFloats(IH5Dataset dataset, string fullName, ulong[] dims)
    {
        var type = dataset.Type;
        if (type.Class != H5DataTypeClass.FloatingPoint)
            throw Invalid(fullName, $"element type {type.Class}; expected floating point");
        return type.Size == 4
            ? Guard(fullName, dims, () => dataset.Read<float[]>())
            : Array.ConvertAll(ReadNumbers(dataset, fullName, dims), v => (float)v);
    }

    /// <summary>The most values one field may hold (2^29, 2 GiB of float32): a corrupt shape is refused before it is allocated.</summary>
    public const ulong MaxValues = 1UL << 29;

    private void CheckRows(string fullName, ulong[] dims, int? expectedRows)
    {
        ulong values = 1;
        foreach (var d in dims)
            values = d != 0 && values > MaxValues / d ? MaxValues + 1 : values * d;
        ulong limit = Math.Min(MaxValues, 1032UL * (ulong)fileLength + 4096);
        if (values > limit)
            throw Corrupt(fullName, $"shape {Shape(dims)} is more than {limit} values for a file of {fileLength} bytes; the file is corrupt or too large");
        if (expectedRows is int n && dims[0] != (ulong)n)
            throw Invalid(fullName, $"shape {Shape(dims)}, but /observations has {n} rows");
        if (dims[0] > int.MaxValue / 64)
            throw Invalid(fullName, $"{dims[0]} rows, more than this reader supports");
    }

    public (float[] Values, int Rows, int Width) ReadFloatMatrix(string name, int? expectedRows)
    {
        var dataset = Open(file, name, name);
        var dims = Dims(dataset, name);
        if (dims.Length != 2 || dims[1] == 0)
            throw Invalid(name, $"shape {Shape(dims)}; expected [N, d] with d ≥ 1");
        CheckRows(name, dims, expectedRows);
        var values = ReadFloats(dataset, name, dims);
        CheckLength(name, dims, values.Length);
        CheckFinite(name, values, (int)dims[1]);
        return (values, (int)dims[0], (int)dims[1]);
    }

    public float[] ReadFloatVector(string name, int rows)
    {
        var dataset = Open(file, name, name);
        var dims = Dims(dataset, name);
        if (!(dims.Length == 1 || (dims.Length == 2 && dims[1] == 1)))
            throw Invalid(name, $"shape {Shape(dims)}; expected [{rows}]");
        CheckRows(name, dims, rows);
        var values = ReadFloats(dataset, name, dims);
        CheckLength(name, dims, values.Length);
        CheckFinite(name, values, 1);
        return values;
    }

    public bool[] ReadFlags(string name, int rows)
    {
        var dataset = Open(file, name, name);
        var dims = Dims(dataset, name);
        if (dims.Length != 1)
            throw Invalid(name, $"shape {Shape(dims)}; expected [{rows}]");
        CheckRows(name, dims, rows);
        var values = ReadNumbers(dataset, name, dims);
        CheckLength(name, dims, values.Length);
        return Array.ConvertAll(values, v => v != 0);
    }

    public InfoColumn ReadInfo(IH5Group infos, string name, int rows)
    {
        string fullName = "infos/" + name;
        var dataset = Open(infos, name, fullName);
        var dims = Dims(dataset, fullName);
        if (dims.Length is not (1 or 2) || (dims.Length == 2 && dims[1] == 0))
            throw Invalid(fullName, $"shape {Shape(dims)}; expected [{rows}] or [{rows}, k]");
        CheckRows(fullName, dims, rows);
        var values = ReadNumbers(dataset, fullName, dims);
        CheckLength(fullName, dims, values.Length);
        int columns = dims.Length == 1 ? 1 : (int)dims[1];
        CheckFinite(fullName, values, columns);
        var precision = dataset.Type is { Class: H5DataTypeClass.FloatingPoint, Size: 4 } ? StoredPrecision.Single : StoredPrecision.Double;
        return new InfoColumn(new InfoSpec(name, columns, precision, Scalar: dims.Length == 1), values);
    }

    /// <summary>Refuses NaN and ±∞: a dataset with them would train a model to NaN without a word.</summary>
    private void CheckFinite<T>(string fullName, T[] values, int width) where T : System.Numerics.IFloatingPointIeee754<T>
    {
        for (int i = 0; i < values.Length; i++)
            if (!T.IsFinite(values[i]))
                throw new InputException("non-finite values", At(fullName), $"row {i / width} holds {values[i]}; datasets must be finite");
    }

    private void CheckLength(string fullName, ulong[] dims, int length)
    {
        ulong expected = dims.Aggregate(1UL, (a, b) => a * b);
        if ((ulong)length != expected)
            throw Corrupt(fullName, $"shape {Shape(dims)} yielded {length} values; the file is truncated or corrupt");
    }
}
