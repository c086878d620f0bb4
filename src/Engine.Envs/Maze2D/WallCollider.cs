namespace Engine.Envs.Maze2D;

/// <summary>
/// Contact between the ball and the wall boxes, in qpos coordinates. The ball's centre is treated as a point moving
/// among the walls grown by the ball radius (boxes with rounded corners). Motion is swept continuously, so no step,
/// however long or fast, can carry the ball through a wall. Contacts are frictionless and inelastic, as MuJoCo's
/// condim-1 contacts with the default critically damped solref are in effect: the velocity component into the
/// wall is removed and the ball slides along it. MuJoCo's soft contact lets a ball sink ~1 mm into a wall for a
/// few steps; here contact is hard, the one intended difference from MuJoCo (cross-checked elsewhere).
/// </summary>
/// <param name="layout">The maze whose wall cells collide.</param>
public sealed class WallCollider(MazeLayout layout)
{
    /// <summary>Distance kept between the grown walls and the centre after a contact, against round-off.</summary>
    public const double Skin = 1e-9;
    private const int MaxContactsPerStep = 8;
    private const double R = PointMassModel.BallRadius;
    private const double H = PointMassModel.WallHalfSize;
    private const double Shift = PointMassModel.WallCentreShift;

    /// <summary>The maze whose walls are modelled.</summary>
    public MazeLayout Layout { get; } = layout;

    /// <summary>Box of wall cell (row, col) in qpos coordinates: [x0, x1] × [y0, y1].</summary>
    public static (double X0, double X1, double Y0, double Y1) WallBox(int row, int col) =>
        (row + Shift - H, row + Shift + H, col + Shift - H, col + Shift + H);

    /// <summary>Range of cell indices whose boxes can come within <paramref name="reach"/> of [lo, hi].</summary>
    private static (int First, int Last) CellRange(double lo, double hi, double reach) =>
        ((int)Math.Ceiling(lo - reach - Shift - H) - 1, (int)Math.Floor(hi + reach - Shift + H) + 1);

    /// <summary>Euclidean distance from the point to the nearest wall box (0 inside a box); ∞ if none within <paramref name="reach"/>.</summary>
    public double DistanceToWalls(double x, double y, double reach = 1.0)
    {
        double best = double.PositiveInfinity;
        var (r0, r1) = CellRange(x, x, reach);
        var (c0, c1) = CellRange(y, y, reach);
        for (int r = r0; r <= r1; r++)
            for (int c = c0; c <= c1; c++)
            {
                if (!Layout.IsWall(r, c)) continue;
                var (x0, x1, y0, y1) = WallBox(r, c);
                double dx = Math.Max(Math.Max(x0 - x, 0), x - x1);
                double dy = Math.Max(Math.Max(y0 - y, 0), y - y1);
                best = Math.Min(best, Math.Sqrt(dx * dx + dy * dy));
            }
        return best;
    }

    /// <summary>True when the ball centred at (x, y) overlaps a wall by more than <paramref name="tolerance"/>.</summary>
    public bool Overlaps(double x, double y, double tolerance = 0) => DistanceToWalls(x, y) < R - tolerance;

    /// <summary>
    /// Moves the ball by (dx, dy) from (x, y), stopping at walls and sliding along them. Velocity components into
    /// any wall touched are removed. The start must not overlap a wall (see <see cref="Depenetrate"/>).
    /// </summary>
    public void Move(ref double x, ref double y, ref double vx, ref double vy, double dx, double dy)
    {
        double startX = x, startY = y;
        for (int contact = 0; contact < MaxContactsPerStep; contact++)
        {
            if (!Sweep(x, y, dx, dy, out double t, out double nx, out double ny))
            {
                x += dx;
                y += dy;
                break;
            }
            x += t * dx + Skin * nx;
            y += t * dy + Skin * ny;
            RemoveInward(ref vx, ref vy, nx, ny);
            dx *= 1 - t;
            dy *= 1 - t;
            RemoveInward(ref dx, ref dy, nx, ny);
            if (contact == MaxContactsPerStep - 1) { dx = 0; dy = 0; } // wedged in a corner: stay at the contact
        }
        // Last line of defence against round-off: never accept an overlapping end point.
        if (Overlaps(x, y, tolerance: 1e-7) && !Overlaps(startX, startY, tolerance: 1e-7))
        {
            x = startX;
            y = startY;
            vx = 0;
            vy = 0;
        }
    }

    private static void RemoveInward(ref double vx, ref double vy, double nx, double ny)
    {
        double vn = vx * nx + vy * ny;
        if (vn < 0)
        {
            vx -= vn * nx;
            vy -= vn * ny;
        }
    }

    /// <summary>
    /// Pushes a ball that overlaps walls (a start placed too close to a wall) out along the shortest direction and
    /// removes its velocity into them. Returns whether anything moved.
    /// </summary>
    public bool Depenetrate(ref double x, ref double y, ref double vx, ref double vy)
    {
        bool moved = false;
        for (int pass = 0; pass < 4; pass++)
        {
            bool any = false;
            var (r0, r1) = CellRange(x, x, R);
            var (c0, c1) = CellRange(y, y, R);
            for (int r = r0; r <= r1; r++)
                for (int c = c0; c <= c1; c++)
                {
                    if (!Layout.IsWall(r, c)) continue;
                    var (x0, x1, y0, y1) = WallBox(r, c);
                    double px = Math.Clamp(x, x0, x1), py = Math.Clamp(y, y0, y1);
                    double ex = x - px, ey = y - py;
                    double d = Math.Sqrt(ex * ex + ey * ey);
                    if (d >= R) continue;
                    double nx, ny, push;
                    if (d > 0)
                    {
                        nx = ex / d; ny = ey / d; push = R - d;
                    }
                    else
                    {
                        // Centre inside the box: leave through the nearest face.
                        double[] gaps = [x - x0, x1 - x, y - y0, y1 - y];
                        int k = Array.IndexOf(gaps, gaps.Min());
                        (nx, ny) = k switch { 0 => (-1.0, 0.0), 1 => (1.0, 0.0), 2 => (0.0, -1.0), _ => (0.0, 1.0) };
                        push = gaps[k] + R;
                    }
                    x += (push + Skin) * nx;
                    y += (push + Skin) * ny;
                    RemoveInward(ref vx, ref vy, nx, ny);
                    any = moved = true;
                }
            if (!any) break;
        }
        return moved;
    }

    /// <summary>Earliest contact of the centre moving from (x, y) by (dx, dy) with any grown wall, as a fraction t ∈ [0, 1] and outward normal.</summary>
    private bool Sweep(double x, double y, double dx, double dy, out double tHit, out double nxHit, out double nyHit)
    {
        tHit = double.PositiveInfinity;
        nxHit = nyHit = 0;
        var (r0, r1) = CellRange(Math.Min(x, x + dx), Math.Max(x, x + dx), R);
        var (c0, c1) = CellRange(Math.Min(y, y + dy), Math.Max(y, y + dy), R);
        for (int r = r0; r <= r1; r++)
            for (int c = c0; c <= c1; c++)
            {
                if (!Layout.IsWall(r, c)) continue;
                var (x0, x1, y0, y1) = WallBox(r, c);
                // The grown box is the union of two slabs and four corner discs.
                TrySlab(x, y, dx, dy, x0 - R, x1 + R, y0, y1, ref tHit, ref nxHit, ref nyHit);
                TrySlab(x, y, dx, dy, x0, x1, y0 - R, y1 + R, ref tHit, ref nxHit, ref nyHit);
                TryDisc(x, y, dx, dy, x0, y0, ref tHit, ref nxHit, ref nyHit);
                TryDisc(x, y, dx, dy, x0, y1, ref tHit, ref nxHit, ref nyHit);
                TryDisc(x, y, dx, dy, x1, y0, ref tHit, ref nxHit, ref nyHit);
                TryDisc(x, y, dx, dy, x1, y1, ref tHit, ref nxHit, ref nyHit);
            }
        return tHit <= 1;
    }

    /// <summary>Entry of the segment into the rectangle [ax0, ax1] × [ay0, ay1] (slab method); starts inside are not entries.</summary>
    private static void TrySlab(double x, double y, double dx, double dy, double ax0, double ax1, double ay0, double ay1,
        ref double tHit, ref double nxHit, ref double nyHit)
    {
        if (x > ax0 && x < ax1 && y > ay0 && y < ay1) return;
        double tEnter = double.NegativeInfinity, tExit = double.PositiveInfinity;
        double nx = 0, ny = 0;
        if (!Axis(x, dx, ax0, ax1, ref tEnter, ref tExit, ref nx, ref ny, isX: true)) return;
        if (!Axis(y, dy, ay0, ay1, ref tEnter, ref tExit, ref nx, ref ny, isX: false)) return;
        if (tEnter > tExit || tEnter < 0 || tEnter > 1 || tEnter >= tHit) return;
        if (dx * nx + dy * ny >= 0) return; // grazing or leaving: not a contact
        tHit = tEnter;
        nxHit = nx;
        nyHit = ny;
    }

    private static bool Axis(double p, double d, double lo, double hi, ref double tEnter, ref double tExit,
        ref double nx, ref double ny, bool isX)
    {
        if (d == 0) return p > lo && p < hi;
        double t0 = (lo - p) / d, t1 = (hi - p) / d;
        double sign = -1;
        if (t0 > t1) { (t0, t1) = (t1, t0); sign = 1; }
        if (t0 > tEnter)
        {
            tEnter = t0;
            // Entering through the low face means the outward normal points to −axis, and vice versa.
            if (isX) { nx = sign; ny = 0; } else { nx = 0; ny = sign; }
        }
        tExit = Math.Min(tExit, t1);
        return true;
    }

    /// <summary>Entry of the segment into the disc of radius R around (cx, cy).</summary>
    private static void TryDisc(double x, double y, double dx, double dy, double cx, double cy,
        ref double tHit, ref double nxHit, ref double nyHit)
    {
        double fx = x - cx, fy = y - cy;
        double a = dx * dx + dy * dy;
        double b = fx * dx + fy * dy;
        if (a == 0 || b >= 0) return; // not approaching the centre
        double c = fx * fx + fy * fy - R * R;
        if (c < 0) return; // already inside: handled by depenetration
        double disc = b * b - a * c;
        if (disc < 0) return;
        double t = (-b - Math.Sqrt(disc)) / a;
        if (t < 0 || t > 1 || t >= tHit) return;
        double hx = fx + t * dx, hy = fy + t * dy;
        double len = Math.Sqrt(hx * hx + hy * hy);
        tHit = t;
        nxHit = hx / len;
        nyHit = hy / len;
    }
}
