// Engine build script. Run through the pinned local tool: `dotnet tool restore && dotnet cake --target=Test`.
var target = Argument("target", "Default");
var configuration = Argument("configuration", "Release");
var benchFilter = Argument("filter", "*");

const string Solution = "./Engine.sln";

///////////////////////////////////////////////////////////////////////////////
// TASKS
///////////////////////////////////////////////////////////////////////////////

Task("Clean")
    .Does(() => DotNetClean(Solution, new DotNetCleanSettings { Configuration = configuration }));

Task("Build")
    .Does(() => DotNetBuild(Solution, new DotNetBuildSettings { Configuration = configuration }));

Task("Test")
    .IsDependentOn("Build")
    .Does(() => RunTests(configuration));

Task("Bench")
    .Does(() => DotNetRun("./bench/Engine.Bench/Engine.Bench.csproj",
        new ProcessArgumentBuilder().Append("--filter").AppendQuoted(benchFilter),
        new DotNetRunSettings { Configuration = "Release" }));

Task("Default")
    .IsDependentOn("Build")
    .IsDependentOn("Test");

RunTarget(target);

///////////////////////////////////////////////////////////////////////////////
// HELPERS
///////////////////////////////////////////////////////////////////////////////

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
        skipped += int.Parse(counters.Attribute("notExecuted")?.Value ?? "0");
    }
    // Plain text, no colour codes: CI reads this line.
    Console.WriteLine($"Tests: {passed} passed, {failed} failed, {skipped} skipped");
    if (failures.Count > 0 || failed > 0)
        throw new Exception("Tests failed:\n" + string.Join("\n", failures));
}
