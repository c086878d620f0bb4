using System.Globalization;
using System.Text;
using Engine.Envs.Maze2D;

namespace Engine.Envs.MuJoCo.Maze;

/// <summary>
/// MJCF of D4RL's point-maze model for a layout, built from the facts of its point_maze() generator:
/// a 0.1 m sphere on two slide joints at world (1.2, 1.2), damping 1, motors with gear 100, Euler at
/// 0.01 s without gravity, and one 0.5×0.5×0.2 box per wall cell (row, col) centred at world (row + 1, col + 1).
/// </summary>
public static class PointMazeModel
{
    /// <summary>The MJCF text of the point maze for <paramref name="layout"/>.</summary>
    public static string Xml(MazeLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var walls = new StringBuilder();
        for (var r = 0; r < layout.Rows; r++)
            for (var c = 0; c < layout.Cols; c++)
                if (layout.IsWall(r, c))
                    walls.Append(CultureInfo.InvariantCulture,
                        $"    <geom name=\"wall_{r}_{c}\" type=\"box\" size=\"0.5 0.5 0.2\" pos=\"{r + 1} {c + 1} 0\"/>\n");
        return $"""
            <mujoco model="point_maze_{layout.Name}">
              <compiler inertiafromgeom="true" angle="radian"/>
              <option timestep="0.01" gravity="0 0 0" iterations="20" integrator="Euler"/>
              <default>
                <joint damping="1" limited="false"/>
                <geom friction="0.5 0.1 0.1" density="1000" margin="0.002" condim="1" contype="2" conaffinity="1"/>
                <motor ctrllimited="true" ctrlrange="-1 1" gear="100"/>
              </default>
              <worldbody>
                <geom name="ground" type="plane" size="40 40 0.25" pos="0 0 -0.1" contype="1" conaffinity="0"/>
                <body name="particle" pos="1.2 1.2 0">
                  <geom name="particle_geom" type="sphere" size="0.1" contype="1"/>
                  <joint name="ball_x" type="slide" axis="1 0 0"/>
                  <joint name="ball_y" type="slide" axis="0 1 0"/>
                </body>
            {walls}  </worldbody>
              <actuator>
                <motor joint="ball_x"/>
                <motor joint="ball_y"/>
              </actuator>
            </mujoco>
            """;
    }
}
