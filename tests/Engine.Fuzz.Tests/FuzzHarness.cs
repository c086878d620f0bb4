using System.Diagnostics;

namespace Engine.Fuzz.Tests;

/// <summary>
/// A file format under test: a valid file, the loader (which either returns normally after checking what it
/// loaded, or throws), and the exception types that count as the loader's typed refusal.
/// </summary>
/// <param name="Load">Loads the file at the path and asserts the invariants of what it returned.</param>
internal sealed record FuzzTarget(string Name, string Extension, byte[] Valid, Action<string> Load, params Type[] Refusals)
{
    public bool IsRefusal(Exception e) =>
        e is not ArgumentNullException && Refusals.Any(t => t.IsInstanceOfType(e));
}

/// <summary>Outcome counts of one run; <see cref="Failures"/> lists each case that broke the contract with what replays it.</summary>
internal sealed record FuzzReport(string Target, ulong Seed, int Cases, int Loaded, int Refused, TimeSpan Elapsed, List<string> Failures);

/// <summary>
/// Runs seeded mutations of a target's valid file through its loader. Each case must end in the loader's typed
/// refusal or in a value that passes the target's checks, within <c>perCase</c>; any other exception, or a hang,
/// is a failure reported with (target, seed, case, mutation), which replays it exactly.
/// </summary>
internal static class FuzzHarness
{
    /// <summary>ENGINE_FUZZ_SEED overrides the seed (to explore); by default every run replays the same cases.</summary>
    public static ulong SeedFor(string target) =>
        ulong.TryParse(Environment.GetEnvironmentVariable("ENGINE_FUZZ_SEED"), out var s) ? s ^ StableHash.Of(target) : StableHash.Of(target);

    public static FuzzReport Run(FuzzTarget target, int cases, TimeSpan perCase)
    {
        ulong seed = SeedFor(target.Name);
        string dir = Path.Combine(Path.GetTempPath(), $"engine-fuzz-{target.Name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        var failures = new List<string>();
        int loaded = 0, refused = 0;
        var clock = Stopwatch.StartNew();
        try
        {
            target.Load(Write(dir, target, -1, target.Valid)); // the unmutated file must load
            // ENGINE_FUZZ_CASE=n replays case n alone (with its seed, the failure message names both).
            var only = int.TryParse(Environment.GetEnvironmentVariable("ENGINE_FUZZ_CASE"), out int single) ? single : (int?)null;
            for (int c = only ?? 0; c < (only is int k ? k + 1 : cases); c++)
            {
                var (bytes, what) = Mutator.Mutate(target.Valid, FuzzRandom.ForCase(seed, c));
                string path = Write(dir, target, c, bytes);
                var run = Task.Run(() => target.Load(path));
                string replay = $"{target.Name} seed {seed} case {c} ({what})";
                try
                {
                    if (!run.Wait(perCase))
                    {
                        failures.Add($"{replay}: no answer within {perCase.TotalSeconds} s");
                        continue;
                    }
                    loaded++;
                }
                catch (AggregateException a) when (a.InnerExceptions.Count == 1 && target.IsRefusal(a.InnerExceptions[0]))
                {
                    refused++;
                }
                catch (AggregateException a)
                {
                    failures.Add($"{replay}: {a.InnerExceptions[0].GetType().Name}: {a.InnerExceptions[0].Message}");
                }
                File.Delete(path);
            }
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { } // a hung case may still hold its file
        }
        return new FuzzReport(target.Name, seed, loaded + refused + failures.Count, loaded, refused, clock.Elapsed, failures);
    }

    private static string Write(string dir, FuzzTarget target, int c, byte[] bytes)
    {
        string path = Path.Combine(dir, $"case{c}{target.Extension}");
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
