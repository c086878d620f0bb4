namespace Engine.Envs.Maze2D;

/// <summary>One grid cell of a maze layout (D4RL's tile codes: WALL 10, EMPTY 11, GOAL 12).</summary>
public enum MazeCell : byte
{
    /// <summary>Free floor ('O', '0' or ' '; D4RL's EMPTY).</summary>
    Empty,
    /// <summary>A wall block ('#'); cells outside the grid count as walls too.</summary>
    Wall,
    /// <summary>The free goal cell ('G').</summary>
    Goal,
}

/// <summary>
/// A D4RL Maze2D layout: a character grid, rows top to bottom, indexed [row, col] with row = first coordinate
/// (the x of qpos). '#' is a wall, 'G' the goal, 'O', '0' and ' ' are empty. Cells outside the grid count as walls.
/// </summary>
public sealed class MazeLayout
{
    private readonly MazeCell[] _cells; // [Rows, Cols]

    /// <summary>The layout's name, e.g. "umaze".</summary>
    public string Name { get; }
    /// <summary>Rows of the grid (the extent of qpos x).</summary>
    public int Rows { get; }
    /// <summary>Columns of the grid (the extent of qpos y).</summary>
    public int Cols { get; }
    /// <summary>The layout's rows as characters, top to bottom.</summary>
    public IReadOnlyList<string> Lines { get; }
    /// <summary>D4RL's reset_locations: every EMPTY cell in row-major order.</summary>
    public IReadOnlyList<(int Row, int Col)> EmptyCells { get; }
    /// <summary>The G cells (at most one).</summary>
    public IReadOnlyList<(int Row, int Col)> GoalCells { get; }
    /// <summary>D4RL's empty_and_goal_locations: <see cref="EmptyCells"/> then <see cref="GoalCells"/>.</summary>
    public IReadOnlyList<(int Row, int Col)> FreeCells { get; }
    /// <summary>Default target: the G cell, else the first empty cell.</summary>
    public (int Row, int Col) DefaultTarget => GoalCells.Count > 0 ? GoalCells[0] : EmptyCells[0];

    /// <summary>Parses a layout from its character rows.</summary>
    /// <param name="name">The layout's name.</param>
    /// <param name="lines">Rows of equal length: '#' wall, 'G' goal, 'O', '0' or ' ' empty.</param>
    /// <exception cref="ArgumentException">No cells, ragged rows, an unknown character, more than one goal, or no free cell.</exception>
    public MazeLayout(string name, IReadOnlyList<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (lines.Count == 0 || lines[0].Length == 0)
            throw new ArgumentException($"Maze '{name}' has no cells.", nameof(lines));
        Rows = lines.Count;
        Cols = lines[0].Length;
        _cells = new MazeCell[Rows * Cols];
        var empty = new List<(int, int)>();
        var goals = new List<(int, int)>();
        for (int r = 0; r < Rows; r++)
        {
            if (lines[r].Length != Cols)
                throw new ArgumentException($"Maze '{name}': row {r} has {lines[r].Length} characters; row 0 has {Cols}.", nameof(lines));
            for (int c = 0; c < Cols; c++)
            {
                var cell = lines[r][c] switch
                {
                    '#' => MazeCell.Wall,
                    'G' => MazeCell.Goal,
                    'O' or '0' or ' ' => MazeCell.Empty,
                    var other => throw new ArgumentException($"Maze '{name}': unknown character '{other}' at row {r}, column {c}.", nameof(lines)),
                };
                _cells[r * Cols + c] = cell;
                if (cell == MazeCell.Empty) empty.Add((r, c));
                else if (cell == MazeCell.Goal) goals.Add((r, c));
            }
        }
        if (goals.Count > 1) throw new ArgumentException($"Maze '{name}' has {goals.Count} goal cells; at most one is allowed.", nameof(lines));
        if (empty.Count + goals.Count == 0) throw new ArgumentException($"Maze '{name}' has no free cell.", nameof(lines));
        Name = name;
        Lines = lines.ToArray();
        EmptyCells = empty;
        GoalCells = goals;
        FreeCells = empty.Concat(goals).ToArray();
    }

    /// <summary>Parses D4RL's string form: rows joined by '\'.</summary>
    public static MazeLayout Parse(string name, string spec) => new(name, spec.Split('\\'));

    /// <summary>The cell at (<paramref name="row"/>, <paramref name="col"/>); <see cref="MazeCell.Wall"/> outside the grid.</summary>
    public MazeCell this[int row, int col] =>
        row < 0 || row >= Rows || col < 0 || col >= Cols ? MazeCell.Wall : _cells[row * Cols + col];

    /// <summary>Whether (<paramref name="row"/>, <paramref name="col"/>) is a wall or outside the grid.</summary>
    public bool IsWall(int row, int col) => this[row, col] == MazeCell.Wall;
    /// <summary>Whether (<paramref name="row"/>, <paramref name="col"/>) is an empty or goal cell.</summary>
    public bool IsFree(int row, int col) => this[row, col] != MazeCell.Wall;

    /// <summary>The logical cell containing a qpos point (D4RL's gridify: Python round, ties to even).</summary>
    public static (int Row, int Col) CellOf(double x, double y) =>
        ((int)Math.Round(x, MidpointRounding.ToEven), (int)Math.Round(y, MidpointRounding.ToEven));

    /// <summary>D4RL's open maze: 5 × 7, a 3 × 5 open room.</summary>
    public static readonly MazeLayout Open = new("open", ["#######", "#OOOOO#", "#OOGOO#", "#OOOOO#", "#######"]);
    /// <summary>D4RL's U-maze: 5 × 5.</summary>
    public static readonly MazeLayout UMaze = new("umaze", ["#####", "#GOO#", "###O#", "#OOO#", "#####"]);
    /// <summary>D4RL's medium maze: 8 × 8.</summary>
    public static readonly MazeLayout Medium = new("medium",
        ["########", "#OO##OO#", "#OO#OOO#", "##OOO###", "#OO#OOO#", "#O#OO#O#", "#OOO#OG#", "########"]);
    /// <summary>D4RL's large maze: 9 × 12.</summary>
    public static readonly MazeLayout Large = new("large",
        ["############", "#OOOO#OOOOO#", "#O##O#O#O#O#", "#OOOOOO#OOO#", "#O####O###O#", "#OO#O#OOOOO#",
         "##O#O#O#O###", "#OO#OOO#OGO#", "############"]);
    /// <summary>D4RL's evaluation variant of the U-maze (goal moved).</summary>
    public static readonly MazeLayout UMazeEval = new("umaze-eval", ["#####", "#OOG#", "#O###", "#OOO#", "#####"]);
    /// <summary>D4RL's evaluation variant of the medium maze.</summary>
    public static readonly MazeLayout MediumEval = new("medium-eval",
        ["########", "#OOOOOG#", "#O#O##O#", "#OOOO#O#", "###OO###", "#OOOOOO#", "#OO##OO#", "########"]);
    /// <summary>D4RL's evaluation variant of the large maze.</summary>
    public static readonly MazeLayout LargeEval = new("large-eval",
        ["############", "#OO#OOO#OGO#", "##O###O#O#O#", "#OO#O#OOOOO#", "#O##O#OO##O#", "#OOOOOO#OOO#",
         "#O##O#O#O###", "#OOOO#OOOOO#", "############"]);
    /// <summary>A 5 × 6 loop around one wall block, for tests.</summary>
    public static readonly MazeLayout Small = new("small", ["######", "#OOOO#", "#O##O#", "#OOOO#", "######"]);

    /// <summary>Every built-in layout.</summary>
    public static IReadOnlyList<MazeLayout> All { get; } = [Open, UMaze, Medium, Large, UMazeEval, MediumEval, LargeEval, Small];

    /// <summary>A built-in layout by name (open, umaze, medium, large, umaze-eval, medium-eval, large-eval, small).</summary>
    public static MazeLayout Named(string name) =>
        All.FirstOrDefault(l => string.Equals(l.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown maze layout '{name}'; known: {string.Join(", ", All.Select(l => l.Name))}.", nameof(name));

    /// <summary>The layout's <see cref="Name"/>.</summary>
    public override string ToString() => Name;
}
