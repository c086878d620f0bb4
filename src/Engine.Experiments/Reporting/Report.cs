using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Engine.Experiments.Reporting;

/// <summary>
/// One experiment report, the same shape for every experiment: a Markdown document for people (<c>report.md</c>) and a
/// JSON document for programs (<c>report.json</c>), written side by side and each atomically, so a reader never sees a
/// half-written report or a Markdown file without its JSON. Numbers are formatted with the invariant culture.
/// </summary>
public sealed class Report
{
    private readonly StringBuilder _md = new();

    /// <summary>The culture every number in a report is written in.</summary>
    public static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>A heading of the given level (1 = the title).</summary>
    public Report Heading(int level, string text)
    {
        if (_md.Length > 0) _md.AppendLine();
        _md.Append('#', Math.Clamp(level, 1, 6)).Append(' ').AppendLine(text).AppendLine();
        return this;
    }

    /// <summary>A paragraph (one or more lines of Markdown), followed by a blank line.</summary>
    public Report Paragraph(string text)
    {
        _md.AppendLine(text).AppendLine();
        return this;
    }

    /// <summary>A table; every row must have as many cells as the header. A '|' inside a cell is escaped.</summary>
    public Report Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        static string Row(IEnumerable<string> cells) => "| " + string.Join(" | ", cells.Select(c => c.Replace("|", "\\|", StringComparison.Ordinal))) + " |";
        _md.AppendLine(Row(header));
        _md.AppendLine("|" + string.Concat(Enumerable.Repeat("---|", header.Count)));
        foreach (var row in rows)
        {
            if (row.Count != header.Count)
                throw new ArgumentException($"Report.Table: a row has {row.Count} cells, the header {header.Count}");
            _md.AppendLine(Row(row));
        }
        _md.AppendLine();
        return this;
    }

    /// <summary>Images by file name relative to the report, on one line.</summary>
    public Report Images(params (string Alt, string File)[] images)
    {
        _md.AppendLine(string.Join(" ", images.Select(i => $"![{i.Alt}]({i.File})"))).AppendLine();
        return this;
    }

    /// <summary>The Markdown written so far.</summary>
    public string Markdown => _md.ToString();

    /// <summary>Writes <c>&lt;name&gt;.json</c> (the payload) and then <c>&lt;name&gt;.md</c> into <paramref name="outDir"/>.</summary>
    public void Save(string outDir, object payload, JsonSerializerOptions json, string name = "report")
    {
        Directory.CreateDirectory(outDir);
        Engine.IO.DurableFile.WriteAllText(Path.Combine(outDir, name + ".json"), JsonSerializer.Serialize(payload, json));
        Engine.IO.DurableFile.WriteAllText(Path.Combine(outDir, name + ".md"), Markdown);
    }

    /// <summary>"m ± se" with <paramref name="digits"/> decimals.</summary>
    public static string MeanSe(double mean, double standardError, int digits = 2) =>
        string.Create(Invariant, $"{mean.ToString("F" + digits, Invariant)} ± {standardError.ToString("F" + digits, Invariant)}");

    /// <summary>A number with <paramref name="digits"/> decimals in the invariant culture ("–" for NaN).</summary>
    public static string Number(double v, int digits = 2) => double.IsNaN(v) ? "–" : v.ToString("F" + digits, Invariant);

    /// <summary>A p-value with three significant digits.</summary>
    public static string P(double p) => p.ToString("G3", Invariant);
}
