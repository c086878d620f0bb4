using Engine.Plot;

namespace Engine.Envs.MuJoCo.Locomotion;

/// <summary>
/// Renders a rollout as a chronophotograph: stick figures of selected frames drawn at their true
/// world positions along the ground, older frames lighter. Side view (world x right, z up).
/// </summary>
public static class RolloutRenderer
{
    private static readonly Color Ground = Color.Gray;
    private static readonly Color Body = Color.Blue;

    /// <summary>
    /// Draws <paramref name="frames"/> (each a <see cref="StickFigure.Capture"/>) onto a new canvas, with an optional
    /// bold title at the top left; a title longer than the width makes the canvas wider rather than being cut.
    /// </summary>
    public static Canvas Draw(IReadOnlyList<Limb[]> frames, int width = 1200, int height = 360, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(frames);
        if (frames.Count == 0 || frames.All(f => f.Length == 0))
            throw new ArgumentException("nothing to draw: no frame has a limb", nameof(frames));
        var limbs = frames.SelectMany(f => f).ToArray();
        var xMin = limbs.Min(l => Math.Min(l.X0, l.X1) - l.Radius) - 0.2;
        var xMax = limbs.Max(l => Math.Max(l.X0, l.X1) + l.Radius) + 0.2;
        var zMax = Math.Max(limbs.Max(l => Math.Max(l.Z0, l.Z1) + l.Radius), 1.0) + 0.2;
        const double zMin = -0.1;
        // One scale for both axes so the figure keeps its proportions; the margin holds the title.
        const int margin = 24;
        var scale = Math.Min((width - 2.0 * margin) / (xMax - xMin), (height - 2.0 * margin) / (zMax - zMin));
        double Px(double x) => margin + (x - xMin) * scale;
        double Py(double z) => height - margin - (z - zMin) * scale;

        var canvas = new Canvas(width, height, Color.White);
        canvas.DrawLine(0, Py(0), width, Py(0), Ground, 2);
        for (var f = 0; f < frames.Count; f++)
        {
            var alpha = (byte)(frames.Count == 1 ? 255 : 60 + 195 * f / (frames.Count - 1));
            var color = Body.WithAlpha(alpha);
            foreach (var l in frames[f])
            {
                var thickness = Math.Max(1.5, 2 * l.Radius * scale);
                canvas.DrawLine(Px(l.X0), Py(l.Z0), Px(l.X1), Py(l.Z1), color, thickness);
            }
        }
        if (title is not null)
            canvas.DrawText(margin, 6, title, Color.Black, bold: true);
        return canvas.GrowToFitText();
    }

    /// <summary>Runs <paramref name="policy"/> from Reset(seed) and keeps every <paramref name="every"/>-th frame.</summary>
    public static List<Limb[]> Record(LocomotionEnv env, ulong seed, int steps, int every, Func<double[], double[]> policy)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(every, 1);
        var obs = env.Reset(seed);
        var frames = new List<Limb[]> { StickFigure.Capture(env.Data) };
        for (var t = 1; t <= steps; t++)
        {
            var r = env.Step(policy(obs));
            obs = r.Observation;
            if (t % every == 0 || r.Terminated || r.Truncated)
                frames.Add(StickFigure.Capture(env.Data));
            if (r.Terminated || r.Truncated)
                break;
        }
        return frames;
    }
}
