namespace Engine.Envs.MuJoCo.Locomotion;

/// <summary>One capsule of a robot seen from the side: a thick segment in the world x–z plane.</summary>
/// <param name="X0">World x of one end-cap centre.</param>
/// <param name="Z0">World z of that centre.</param>
/// <param name="X1">World x of the other end-cap centre.</param>
/// <param name="Z1">World z of that centre.</param>
/// <param name="Radius">The capsule's radius.</param>
public readonly record struct Limb(double X0, double Z0, double X1, double Z1, double Radius);

/// <summary>
/// A side view of a planar robot from MuJoCo's own geometry: each capsule geom becomes a segment
/// between its end-cap centres (centre ± half-length along the geom's z axis), projected onto x–z.
/// </summary>
public static class StickFigure
{
    /// <summary>The capsule geoms of <paramref name="data"/>'s current state as side-view segments (other geom types are skipped).</summary>
    public static Limb[] Capture(MjData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var model = data.Model;
        var types = model.GeomType;
        var sizes = model.GeomSize;
        var centres = data.GeomXpos;
        var frames = data.GeomXmat;
        var limbs = new List<Limb>();
        for (var g = 0; g < model.NGeom; g++)
        {
            if (types[g] != Native.MjNative.GeomCapsule)
                continue;
            var radius = sizes[3 * g];
            var half = sizes[3 * g + 1];
            // Row-major 3×3: the geom's local z axis is the third column.
            var ax = frames[9 * g + 2];
            var az = frames[9 * g + 8];
            var cx = centres[3 * g];
            var cz = centres[3 * g + 2];
            limbs.Add(new Limb(cx - half * ax, cz - half * az, cx + half * ax, cz + half * az, radius));
        }
        return [.. limbs];
    }
}
