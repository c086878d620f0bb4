using Engine.Envs.Maze2D;

namespace Engine.Envs.Tests.Maze2D;

public class ScoreTests
{
    [Fact]
    public void ReferenceReturnsMapToZeroAndOne()
    {
        foreach (var task in Maze2DTask.All)
        {
            Assert.Equal(0.0, task.NormalizedScore(task.RefMinScore), 12);
            Assert.Equal(1.0, task.NormalizedScore(task.RefMaxScore), 12);
        }
        Assert.Equal(0.5, Maze2DTask.LargeV1.NormalizedScore((6.7 + 273.99) / 2), 12);
    }

    [Fact]
    public void NamesResolveToThePaperEnvironments()
    {
        Assert.Equal("maze2d-open-v0", Maze2DTask.Named("open").Id);
        Assert.Equal("maze2d-umaze-v0", Maze2DTask.Named("umaze").Id);
        Assert.Equal("maze2d-medium-v1", Maze2DTask.Named("medium").Id);
        Assert.Equal("maze2d-large-v1", Maze2DTask.Named("LARGE").Id);
        Assert.Equal(800, Maze2DTask.Named("maze2d-large-dense-v1").MaxEpisodeSteps);
        var e = Assert.Throws<Engine.IO.InputException>(() => Maze2DTask.Named("huge", "--maze"));
        Assert.Contains("huge", e.What);
        Assert.Equal("--maze", e.Where);
    }

    [Fact]
    public void LayoutsParseAsD4rlDoes()
    {
        var medium = MazeLayout.Parse("m", "########\\#OO##OO#\\#OO#OOO#\\##OOO###\\#OO#OOO#\\#O#OO#O#\\#OOO#OG#\\########");
        Assert.Equal(MazeLayout.Medium.Lines, medium.Lines);
        Assert.Equal((6, 6), medium.DefaultTarget);
        Assert.Equal(MazeLayout.Medium.EmptyCells.Count + 1, medium.FreeCells.Count);
        Assert.Equal(medium.GoalCells[0], medium.FreeCells[^1]);
        Assert.True(MazeLayout.Large.IsWall(-1, 3)); // outside the grid counts as wall
        Assert.Throws<ArgumentException>(() => MazeLayout.Parse("bad", "##\\#"));
    }
}
