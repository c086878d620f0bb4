using System.Security.Cryptography;
using System.Text;
using Engine.IO;

namespace Engine.Envs.Maze2D;

/// <summary>
/// A user's maze: a text grid in D4RL's character format, one row per line, top row first (row index = qpos x):
/// <c>#</c> wall, <c>O</c> free, <c>G</c> the (at most one) goal cell. Checked on load: rectangular, closed by walls on
/// every side, at least one free cell, and every free cell reachable from every other through side-sharing free cells
/// (the ball cannot pass between two walls that meet at a corner). Errors name the line and column (both from 1).
/// </summary>
public static class MazeLayoutFile
{
    /// <summary>Built-in names a user layout may not take (<see cref="PaperGoals"/> and the reports key on them).</summary>
    private static readonly HashSet<string> Reserved = [.. MazeLayout.All.Select(l => l.Name)];

    /// <summary>Reads and checks the layout in <paramref name="path"/>; its name is the file name without extension.</summary>
    /// <exception cref="InputException">The file is missing, unreadable, badly named or breaks a rule; <c>Where</c> is the file, line and column.</exception>
    public static MazeLayout Load(string path)
    {
        if (!File.Exists(path)) throw new InputException("file not found", InputException.Location(path), "the maze layout file does not exist");
        var lines = File.ReadAllLines(path).Select(l => l.TrimEnd('\r')).ToList();
        while (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1); // the final newline(s)
        string name = Path.GetFileNameWithoutExtension(path).ToLowerInvariant();
        if (CheckName(name) is { } why) throw new InputException("invalid maze layout name", InputException.Location(path), why);
        return Parse(name, lines, (line, column) => InputException.Location(path, column is null ? $"line {line}" : $"line {line}, column {column}"));
    }

    /// <summary>Why <paramref name="name"/> cannot name a user layout; null when it can.</summary>
    public static string? CheckName(string name)
    {
        if (name.Length == 0 || !name.All(ch => ch is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_'))
            return $"the maze name '{name}' may hold only letters, digits, '-' and '_' (a --layout file gives its file name)";
        if (Reserved.Contains(name)) return $"'{name}' is the name of a built-in maze; rename the file";
        return null;
    }

    /// <summary>
    /// Checks rows as <see cref="Load"/> does and builds the layout; <paramref name="where"/> turns a line and column
    /// (from 1; no column for a whole row) into the error's location.
    /// </summary>
    public static MazeLayout Parse(string name, IReadOnlyList<string> lines, Func<int, int?, string> where)
    {
        InputException Bad(int row, int? col, string why) => new("invalid maze layout", where(row + 1, col + 1), why);
        if (lines.Count == 0) throw Bad(0, null, "the layout has no rows");
        // A JSON configuration's layout array can hold null where a row should be.
        for (int r = 0; r < lines.Count; r++)
            if (lines[r] is null) throw Bad(r, null, "the row is missing (null); give every row as a string of #, O and G");
        int cols = lines[0].Length;
        for (int r = 0; r < lines.Count; r++)
        {
            if (lines[r].Length != cols)
                throw Bad(r, null, $"the row has {lines[r].Length} characters, the first row {cols}; the grid must be rectangular");
            for (int c = 0; c < cols; c++)
            {
                char ch = lines[r][c];
                if (ch is not ('#' or 'O' or 'G')) throw Bad(r, c, $"unknown character '{ch}'; use # (wall), O (free) or G (goal)");
                bool border = r == 0 || c == 0 || r == lines.Count - 1 || c == cols - 1;
                if (border && ch != '#') throw Bad(r, c, $"'{ch}' on the border; the maze must be closed by walls (#) on every side");
            }
        }
        var free = new List<(int Row, int Col)>();
        for (int r = 0; r < lines.Count; r++)
            for (int c = 0; c < cols; c++)
                if (lines[r][c] != '#') free.Add((r, c));
        if (free.Count == 0) throw Bad(0, null, "the layout has no free cell (O or G)");
        var goals = free.Where(p => lines[p.Row][p.Col] == 'G').ToList();
        if (goals.Count > 1) throw Bad(goals[1].Row, goals[1].Col, "a second goal cell; a layout has at most one G");
        // Breadth-first from the first free cell through side-sharing free cells.
        var seen = new HashSet<(int, int)> { free[0] };
        var queue = new Queue<(int Row, int Col)>([free[0]]);
        while (queue.Count > 0)
        {
            var (r, c) = queue.Dequeue();
            foreach (var n in new[] { (r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1) })
                if (lines[n.Item1][n.Item2] != '#' && seen.Add(n)) queue.Enqueue(n);
        }
        if (seen.Count != free.Count)
        {
            var (ur, uc) = free.First(p => !seen.Contains(p));
            throw Bad(ur, uc, $"free cell ({ur}, {uc}) cannot be reached from free cell ({free[0].Row}, {free[0].Col}); every free cell must be reachable");
        }
        return new MazeLayout(name, lines);
    }

    /// <summary>
    /// The layout's identity in file names and random streams: its name and the first 8 hex digits of the SHA-256 of
    /// its rows, so an edited layout of the same name never reuses another's data or checkpoints.
    /// </summary>
    public static string Tag(MazeLayout layout) =>
        $"{layout.Name}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", layout.Lines))))[..8]}";
}
