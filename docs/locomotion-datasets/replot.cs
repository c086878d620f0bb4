// Redraws the score histograms of docs/locomotion-datasets (PNG and the SVG beside it) from the summary JSON files
// next to them, with the code the dataset suite draws them with (DatasetSummary.SaveHistogram). No data files or
// training needed. From the repository root:
//
//     dotnet run docs/locomotion-datasets/replot.cs
//
#:project ../../src/Engine.Experiments/Engine.Experiments.csproj
#:property PublishAot=false
using System.Text.Json;
using System.Text.Json.Serialization;
using Engine.Experiments.Locomotion;

var folder = Path.Combine("docs", "locomotion-datasets");
if (!Directory.Exists(folder))
{
    Console.Error.WriteLine($"error: folder not found ({folder}): run this from the repository root");
    return 2;
}
var json = new JsonSerializerOptions { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };
foreach (var file in Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal))
{
    var summary = JsonSerializer.Deserialize<DatasetSummary>(File.ReadAllBytes(file), json)
        ?? throw new InvalidDataException($"'{file}' holds no dataset summary");
    var png = Path.ChangeExtension(file, ".png");
    summary.SaveHistogram(png);
    Console.WriteLine($"wrote {png} and {Path.ChangeExtension(file, ".svg")}");
}
return 0;
