using System.Globalization;

namespace Engine.Envs.Maze2D;

/// <summary>
/// Where a fixed goal may lie: in free space of the layout and at least the datasets' wall margin (0.26 cells, as
/// starts and random targets, <see cref="FreeSpaceSampler"/>) from every wall cell in the logical frame. Closer to a wall
/// the controller's last steps come within the margin and the generator discards every episode.
/// </summary>
public static class GoalPlacement
{
    /// <summary>The free cell whose centre is nearest to (x, y); ties go to the first in row-major order.</summary>
    public static (int Row, int Col) NearestFreeCell(MazeLayout layout, double x, double y) =>
        layout.FreeCells.OrderBy(c => (c.Row - x) * (c.Row - x) + (c.Col - y) * (c.Col - y)).ThenBy(c => c.Row).ThenBy(c => c.Col).First();

    /// <summary>Why (x, y) cannot be a goal of <paramref name="layout"/>, naming the nearest free cell; null when it can.</summary>
    public static string? Problem(MazeLayout layout, double x, double y, double margin = 0.26)
    {
        var (row, col) = MazeLayout.CellOf(x, y);
        var near = NearestFreeCell(layout, x, y);
        string nearest = $"the nearest free cell is ({near.Row}, {near.Col})";
        if (row < 0 || row >= layout.Rows || col < 0 || col >= layout.Cols)
            return $"it lies outside maze '{layout.Name}' (rows 0-{layout.Rows - 1}, columns 0-{layout.Cols - 1}); {nearest}";
        if (layout.IsWall(row, col))
            return $"it lies in wall cell ({row}, {col}) of maze '{layout.Name}'; {nearest}";
        double d = new FreeSpaceSampler(layout, margin).DistanceToWall(x, y);
        if (d < margin)
            return string.Create(CultureInfo.InvariantCulture,
                $"it lies {d:0.###} from a wall of maze '{layout.Name}', closer than the datasets' {margin} margin; {nearest}");
        return null;
    }
}
