using Engine.IO;

namespace Engine.Cli.Tests;

/// <summary>A bug (any exception the user cannot cause) exits 70 with one line naming a log; the stack trace goes to the log in the run folder.</summary>
[Collection("console")]
public sealed class InternalErrorTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"engine-crash-{Guid.NewGuid():N}");

    public void Dispose()
    {
        CrashLog.Folder = null;
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private static void Thrower(Exception e) => throw e;

    [Theory]
    [InlineData(typeof(NullReferenceException))]
    [InlineData(typeof(InvalidOperationException))]
    [InlineData(typeof(OverflowException))]
    [InlineData(typeof(KeyNotFoundException))]
    [InlineData(typeof(ArgumentNullException))]
    [InlineData(typeof(ArgumentException))] // input reaches the libraries only through checks that throw InputException
    [InlineData(typeof(InvalidDataException))] // an in-memory check; loaders wrap it in an InputException naming the file
    public void A_bug_exits_70_with_the_stack_trace_in_a_log_in_the_run_folder(Type type)
    {
        CrashLog.Folder = _dir;
        var oldErr = Console.Error;
        var err = new StringWriter();
        Console.SetError(err);
        int code;
        try
        {
            code = CliErrors.Run(() =>
            {
                Thrower((Exception)Activator.CreateInstance(type, "device went missing")!);
                return 0;
            });
        }
        finally { Console.SetError(oldErr); }

        Assert.Equal(CliErrors.InternalError, code);
        var line = Assert.Single(err.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("internal error: " + type.Name, line);
        var log = Assert.Single(Directory.GetFiles(_dir, "engine-crash-*.log"));
        Assert.Contains(log, line);
        string text = File.ReadAllText(log);
        Assert.Contains(type.FullName!, text);
        Assert.Contains(nameof(Thrower), text); // the stack trace is in the log, not on the terminal
        Assert.DoesNotContain(nameof(Thrower), line);
    }

    private static (int Code, string Err) RunCliErrors(Func<int> body)
    {
        var oldErr = Console.Error;
        var err = new StringWriter();
        Console.SetError(err);
        try { return (CliErrors.Run(body), err.ToString()); }
        finally { Console.SetError(oldErr); }
    }

    [Fact]
    public void A_user_error_wrapped_by_a_parallel_loop_is_still_one_line()
    {
        var (code, err) = RunCliErrors(() => throw new AggregateException(new InputException("corrupt HDF5 file", "'a.hdf5'", "truncated\nsecond line")));
        Assert.Equal(CliErrors.UserError, code);
        Assert.Equal("error: corrupt HDF5 file ('a.hdf5'): truncated second line", err.Trim());
    }

    [Theory]
    [InlineData(typeof(IOException), "input/output error")]
    [InlineData(typeof(UnauthorizedAccessException), "permission denied")]
    public void An_operating_system_error_is_a_user_error_in_the_same_shape(Type type, string what)
    {
        var (code, err) = RunCliErrors(() => throw (Exception)Activator.CreateInstance(type, "No space left on device")!);
        var (w, _, why) = EngineRunner.AssertOneErrorLine(code, err, "No space left on device");
        Assert.Equal(what, w);
        Assert.Equal("No space left on device", why);
    }

    [Fact]
    public void A_missing_file_without_a_check_names_the_file()
    {
        var (code, err) = RunCliErrors(() => throw new FileNotFoundException("Could not find file '/x/y.bin'.", "/x/y.bin"));
        var (what, where, _) = EngineRunner.AssertOneErrorLine(code, err, "/x/y.bin");
        Assert.Equal(("file not found", "'/x/y.bin'"), (what, where));
    }
}
