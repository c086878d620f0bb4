using System.Globalization;
using Engine.Envs.MuJoCo.Locomotion;

namespace Engine.Envs.MuJoCo.Tests;

/// <summary>
/// Validates the committed 2.2.2 offset table: values read through our offsets must equal, bit for
/// bit, what MuJoCo itself prints with mj_printFormattedData("%.17g").
/// </summary>
public sealed class LayoutSelfCheckTests
{
    [MuJoCoFact]
    public void Library_reports_version_222()
    {
        Assert.Equal("2.2.2", MuJoCoRuntime.VersionString);
    }

    [MuJoCoTheory]
    [InlineData("hopper")]
    [InlineData("walker2d")]
    [InlineData("halfcheetah")]
    public void Offset_reads_equal_mujocos_own_dump(string name)
    {
        var task = TestSupport.Task(name);
        using var env = new LocomotionEnv(task);
        var actions = TestSupport.RecordedActions(60, env.ActionSpace.Size, 11);
        TestSupport.Rollout(env, 3, actions);
        var data = env.Data;
        var path = Path.Combine(Path.GetTempPath(), $"mjdump-{Guid.NewGuid():N}.txt");
        try
        {
            data.PrintFormatted(path);
            var dump = ParseDump(File.ReadAllLines(path));
            Assert.Equal(double.Parse(dump["TIME"][0], CultureInfo.InvariantCulture), data.Time);
            AssertSection(dump, "QPOS", data.Qpos);
            AssertSection(dump, "QVEL", data.Qvel);
            AssertSection(dump, "QACC_WARMSTART", data.QaccWarmstart);
            AssertSection(dump, "QACC", data.Qacc);
            AssertSection(dump, "CTRL", data.Ctrl);
            AssertSection(dump, "XPOS", data.Xpos);
            AssertSection(dump, "GEOM_XPOS", data.GeomXpos);
            AssertSection(dump, "GEOM_XMAT", data.GeomXmat);
            Assert.Equal(int.Parse(dump["ncon"][0], CultureInfo.InvariantCulture), data.ContactCount);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void AssertSection(Dictionary<string, List<string>> dump, string name, ReadOnlySpan<double> actual)
    {
        var expected = dump[name].Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(BitConverter.DoubleToInt64Bits(expected[i]) == BitConverter.DoubleToInt64Bits(actual[i]),
                $"{name}[{i}]: MuJoCo printed {expected[i]:R}, offset read gave {actual[i]:R}");
    }

    // The dump has "NAME" header lines followed by indented number rows until a blank line,
    // "NAME = v" lines, and "  key   value" rows inside SIZES.
    private static Dictionary<string, List<string>> ParseDump(string[] lines)
    {
        var sections = new Dictionary<string, List<string>>();
        List<string>? current = null;
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                current = null;
                continue;
            }
            if (line.Contains(" = ", StringComparison.Ordinal))
            {
                var parts = line.Split(" = ", 2);
                sections.TryAdd(parts[0], [.. parts[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)]);
                continue;
            }
            if (!char.IsWhiteSpace(raw[0]) && line.All(c => char.IsUpper(c) || c == '_' || c == ' '))
            {
                current = [];
                sections.TryAdd(line, current);
                continue;
            }
            var tokens = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (current is not null && sections.TryGetValue("SIZES", out var sizes) && ReferenceEquals(current, sizes) && tokens.Length == 2)
                sections.TryAdd(tokens[0], [tokens[1]]);
            else
                current?.AddRange(tokens);
        }
        return sections;
    }
}
