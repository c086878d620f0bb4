// Engine build script. Run through the pinned local tool: `dotnet tool restore && dotnet cake --target=Test`.
var target = Argument("target", "Default");
var configuration = Argument("configuration", "Release");
var benchFilter = Argument("filter", "*");

const string Solution = "./Engine.sln";

// The style gate: with `--style-gate`, and always for the CI target, the .editorconfig's naming, layout and
// unused-code warnings (IDE…, CA1812) become errors like every other warning (Directory.Build.props, StyleGate).
// A contributor's plain build only reports them (docs/library.md, "Code style").
var styleGate = HasArgument("style-gate") || string.Equals(target, "CI", StringComparison.OrdinalIgnoreCase);
// MSBuild reads environment variables as properties, so every build this script starts, bench/gpu-check.sh's
// included, sees the same gate: switching it recompiles, and a build with the other setting would redo the tree.
if (styleGate) Environment.SetEnvironmentVariable("StyleGate", "true");

///////////////////////////////////////////////////////////////////////////////
// TASKS
///////////////////////////////////////////////////////////////////////////////

Task("Clean")
    .Does(() => DotNetClean(Solution, new DotNetCleanSettings { Configuration = configuration }));

Task("Build")
    .Does(() => DotNetBuild(Solution, new DotNetBuildSettings
    {
        Configuration = configuration,
        MSBuildSettings = new DotNetMSBuildSettings().WithProperty("StyleGate", styleGate ? "true" : "false"),
    }));

// The layout and the fixable style rules as `dotnet format` applies them: fails, listing the files, when it
// would change anything; the message names the command that fixes it. Whitespace runs on the folder: it needs
// no project load (the slow part), and it covers samples/, which the solution does not hold. The style pass
// needs the projects' semantics, so it loads the solution.
Task("Format")
    .Does(() =>
    {
        foreach (var pass in new[] { "whitespace --folder .", $"style {Solution} --severity warn" })
        {
            int code = StartProcess("dotnet", new ProcessSettings
            {
                Arguments = $"format {pass} --verify-no-changes --verbosity minimal",
            });
            if (code != 0) throw new Exception($"dotnet format {pass}: files need formatting (exit code {code}); run `dotnet format {pass}`");
        }
    });

Task("Test")
    .IsDependentOn("Build")
    .Does(() => RunTests(configuration));

Task("Bench")
    .Does(() => DotNetRun("./bench/Engine.Bench/Engine.Bench.csproj",
        new ProcessArgumentBuilder().Append("--filter").AppendQuoted(benchFilter),
        new DotNetRunSettings { Configuration = "Release" }));

// The library packages (every project with IsPackable true) into artifacts/packages, from the Release build.
Task("Pack")
    .IsDependentOn("Build")
    .Does(() => DotNetPack(Solution, new DotNetPackSettings
    {
        Configuration = configuration,
        NoBuild = true,
        OutputDirectory = "./artifacts/packages",
    }));

// The consumer programs in samples/, built against the packages of Pack (not the projects) and run.
Task("Samples")
    .IsDependentOn("Pack")
    .Does(() => RunSamples());

// Needs an NVIDIA GPU and PyTorch with CUDA; on a machine without the .NET SDK use the script's --prepare/--prebuilt
// (docs/backends.md).
Task("GpuCheck")
    .Does(() =>
    {
        int code = StartProcess("bash", new ProcessSettings { Arguments = $"bench/gpu-check.sh {configuration}" });
        if (code != 0) throw new Exception($"bench/gpu-check.sh failed with exit code {code}");
    });

// bench/gpu-check.sh end to end on ILGPU's CPU simulator at micro sizes, without a GPU or PyTorch CUDA: a broken
// GPU check is caught before a GPU is lent (docs/backends.md). About a minute after Build.
Task("GpuCheckDryRun")
    .IsDependentOn("Build")
    .Does(() =>
    {
        int code = StartProcess("bash", new ProcessSettings { Arguments = $"bench/gpu-check.sh --dry-run {configuration}" });
        if (code != 0) throw new Exception($"bench/gpu-check.sh --dry-run failed with exit code {code}");
    });

// What .ci/run runs: the format check first (it fails fast), then every test project built with the style gate
// closed, the GPU check's dry run, then the packages and the samples built from them.
Task("CI")
    .IsDependentOn("Format")
    .IsDependentOn("Test")
    .IsDependentOn("GpuCheckDryRun")
    .IsDependentOn("Samples");

Task("Default")
    .IsDependentOn("Build")
    .IsDependentOn("Test");

RunTarget(target);

///////////////////////////////////////////////////////////////////////////////
// HELPERS
///////////////////////////////////////////////////////////////////////////////

// Results of a TRX file whose outcome is NotExecuted (xUnit's skipped tests).
int CountSkipped(System.Xml.Linq.XDocument doc) =>
    doc.Descendants().Count(e => e.Name.LocalName == "UnitTestResult" && (string)e.Attribute("outcome") == "NotExecuted");

// Each test project runs in its own process (a kernel fault cannot take down the others); the
// totals are read back from the TRX files and printed as one "N passed, N failed" line.
void RunTests(string config)
{
    var resultsDir = MakeAbsolute(Directory("./artifacts/test-results"));
    CleanDirectory(resultsDir);
    var failures = new List<string>();
    foreach (var project in GetFiles("./tests/**/*.Tests.csproj"))
    {
        var name = project.GetFilenameWithoutExtension().ToString();
        try
        {
            DotNetTest(project.FullPath, new DotNetTestSettings
            {
                Configuration = config,
                NoBuild = true,
                Loggers = new[] { $"trx;LogFileName={name}.trx" },
                ResultsDirectory = resultsDir,
            });
        }
        catch (Exception e)
        {
            failures.Add($"{name}: {e.Message}");
        }
    }
    int passed = 0, failed = 0, skipped = 0;
    foreach (var trx in GetFiles($"{resultsDir}/*.trx"))
    {
        var doc = System.Xml.Linq.XDocument.Load(trx.FullPath);
        var counters = doc.Descendants().FirstOrDefault(e => e.Name.LocalName == "Counters");
        if (counters == null) continue;
        passed += int.Parse(counters.Attribute("passed")?.Value ?? "0");
        failed += int.Parse(counters.Attribute("failed")?.Value ?? "0");
        // Skipped tests are results with outcome NotExecuted; the Counters element does not count them
        // (its notExecuted stays 0), so they are counted from the results themselves.
        skipped += CountSkipped(doc);
    }
    // Plain text, no colour codes: CI reads this line.
    Console.WriteLine($"Tests: {passed} passed, {failed} failed, {skipped} skipped");
    if (failures.Count > 0 || failed > 0)
        throw new Exception("Tests failed:\n" + string.Join("\n", failures));
}

// Restores each sample from the local feed (samples/NuGet.config) and runs it from the repository root.
// The packages' version does not change between packs, so the copies NuGet cached from an earlier pack
// are removed first: the samples must test the packages just built.
void RunSamples()
{
    var globalPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
        ?? System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
    foreach (var nupkg in GetFiles("./artifacts/packages/*.nupkg"))
    {
        // Engine.NN.0.1.0.nupkg → engine.nn/0.1.0
        var name = nupkg.GetFilenameWithoutExtension().ToString();
        var match = System.Text.RegularExpressions.Regex.Match(name, @"^(.*?)\.(\d+\.\d+\.\d+.*)$");
        if (!match.Success) continue;
        var cached = System.IO.Path.Combine(globalPackages, match.Groups[1].Value.ToLowerInvariant(), match.Groups[2].Value);
        if (System.IO.Directory.Exists(cached)) System.IO.Directory.Delete(cached, recursive: true);
    }
    foreach (var project in GetFiles("./samples/*/*.csproj"))
    {
        Information($"sample {project.GetFilenameWithoutExtension()}");
        DotNetRun(project.FullPath, new ProcessArgumentBuilder(), new DotNetRunSettings
        {
            Configuration = "Release",
            WorkingDirectory = ".",
        });
    }
}
