using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Engine.Cli.Tests;

/// <summary>Runs `engine` with arguments: in this process through its entry point (console captured), or as a child process (for environment variables read once per process).</summary>
internal static class EngineRunner
{
    /// <summary>(exit code, stdout, stderr) of an in-process run. Tests using it belong to the "console" collection.</summary>
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var entry = typeof(CliErrors).Assembly.EntryPoint ?? throw new InvalidOperationException("engine has no entry point");
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        var (o, e) = (new StringWriter(), new StringWriter());
        Console.SetOut(o);
        Console.SetError(e);
        try
        {
            var code = (int)entry.Invoke(null, [args])!;
            return (code, o.ToString(), e.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
        }
    }

    /// <summary>(exit code, stdout, stderr) of `dotnet engine.dll args` with extra environment variables.</summary>
    public static (int Code, string Out, string Err) RunProcess(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(typeof(CliErrors).Assembly.Location);
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var (k, v) in environment) info.Environment[k] = v;
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(60_000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"engine {string.Join(' ', args)} ran for more than a minute");
        }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>The error line's shape: <c>error: what (where): why</c>, each part non-empty.</summary>
    public static readonly Regex ErrorLine = new(@"^error: (?<what>\S.*?) \((?<where>\S.*?)\): (?<why>\S.*)$");

    /// <summary>
    /// Asserts the CLI's error contract: exit code 2 and exactly one stderr line of the form <see cref="ErrorLine"/>
    /// containing <paramref name="expected"/>, no stack trace. Returns the three parts.
    /// </summary>
    public static (string What, string Where, string Why) AssertOneErrorLine(int code, string err, string expected)
    {
        Assert.True(code == 2, $"exit code {code}, expected 2; stderr: {err}");
        var lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"{lines.Length} lines on stderr, expected one:\n{err}");
        var m = ErrorLine.Match(lines[0].TrimEnd('\r'));
        Assert.True(m.Success, $"not 'error: <what> (<where>): <why>': {lines[0]}");
        Assert.Contains(expected, lines[0], StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", lines[0]); // a stack frame
        return (m.Groups["what"].Value, m.Groups["where"].Value, m.Groups["why"].Value);
    }
}
