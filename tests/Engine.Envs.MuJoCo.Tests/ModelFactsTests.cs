using Engine.Envs.MuJoCo.Locomotion;

namespace Engine.Envs.MuJoCo.Tests;

/// <summary>The compiled models agree with the Gym facts tables (sizes, masses, gears, ranges, timing).</summary>
public sealed class ModelFactsTests
{
    // Density 1000 and MuJoCo 2.2.2's exact capsule volume πr²L + 4/3·πr³.
    private static double Capsule(double radius, double length) =>
        1000 * (Math.PI * radius * radius * length + 4.0 / 3.0 * Math.PI * radius * radius * radius);

    [MuJoCoTheory]
    [InlineData("hopper", 6, 6, 3, 0.002, 4, 11)]
    [InlineData("walker2d", 9, 9, 6, 0.002, 4, 17)]
    [InlineData("halfcheetah", 9, 9, 6, 0.01, 5, 17)]
    public void Sizes_timing_and_spaces_match_gym(string name, int nq, int nv, int nu, double timestep, int frameSkip, int obs)
    {
        using var env = new LocomotionEnv(TestSupport.Task(name));
        using var model = MjModel.FromXml(env.Task.LoadModelXml(), name);
        Assert.Equal((nq, nv, nu), (model.Nq, model.Nv, model.Nu));
        Assert.Equal(timestep, model.Timestep);
        Assert.Equal(frameSkip, env.Task.FrameSkip);
        Assert.Equal(timestep * frameSkip, env.Dt, 15);
        Assert.Equal(obs, env.ObservationSpace.Size);
        Assert.All(env.ActionSpace.Low, v => Assert.Equal(-1.0, v));
        Assert.All(env.ActionSpace.High, v => Assert.Equal(1.0, v));
        Assert.Equal(1000, env.MaxEpisodeSteps);
    }

    [MuJoCoFact]
    public void Hopper_masses_and_gears_follow_capsule_geometry()
    {
        using var model = MjModel.FromXml(LocomotionTask.Hopper.LoadModelXml(), "hopper");
        var expected = new[] { 0, Capsule(0.05, 0.4), Capsule(0.05, 0.45), Capsule(0.04, 0.5), Capsule(0.06, 0.39) };
        for (var b = 0; b < expected.Length; b++)
            Assert.Equal(expected[b], model.BodyMass[b], 9);
        Assert.Equal(1.25, model.Qpos0[1]);
        for (var a = 0; a < 3; a++)
            Assert.Equal(200, model.ActuatorGear[6 * a]);
        Assert.Equal(2.0, model.GeomFriction[3 * model.GeomId("foot_geom")]);
    }

    [MuJoCoFact]
    public void Walker_legs_are_symmetric_except_left_foot_friction()
    {
        using var model = MjModel.FromXml(LocomotionTask.Walker2d.LoadModelXml(), "walker2d");
        foreach (var part in new[] { "thigh", "leg", "foot" })
            Assert.Equal(model.BodyMass[model.BodyId(part)], model.BodyMass[model.BodyId(part + "_left")], 12);
        Assert.Equal(Capsule(0.06, 0.2), model.BodyMass[model.BodyId("foot")], 9);
        Assert.Equal(0.9, model.GeomFriction[3 * model.GeomId("foot_geom")]);
        Assert.Equal(1.9, model.GeomFriction[3 * model.GeomId("foot_left_geom")]);
    }

    [MuJoCoFact]
    public void HalfCheetah_total_mass_is_14_and_gears_match_table()
    {
        using var model = MjModel.FromXml(LocomotionTask.HalfCheetah.LoadModelXml(), "halfcheetah");
        var total = 0.0;
        foreach (var m in model.BodyMass) total += m;
        Assert.Equal(14.0, total, 9);
        var gears = new[] { 120.0, 90, 60, 120, 60, 30 };
        for (var a = 0; a < gears.Length; a++)
            Assert.Equal(gears[a], model.ActuatorGear[6 * a]);
        foreach (var q in model.Qpos0) Assert.Equal(0.0, q);
    }

    [MuJoCoFact]
    public void Bad_mjcf_throws_with_mujocos_message()
    {
        var e = Assert.Throws<MuJoCoException>(() => MjModel.FromXml("<mujoco><worldbody><bogus/></worldbody></mujoco>", "bad"));
        Assert.Contains("bogus", e.Message);
    }

    [MuJoCoFact]
    public void Missing_model_file_names_the_path()
    {
        var e = Assert.Throws<FileNotFoundException>(() => MjModel.FromFile("/nonexistent/model.xml"));
        Assert.Contains("/nonexistent/model.xml", e.Message);
    }

    [Fact]
    public void Normalized_score_maps_reference_returns_to_0_and_100()
    {
        foreach (var task in new[] { LocomotionTask.Hopper, LocomotionTask.Walker2d, LocomotionTask.HalfCheetah })
        {
            Assert.Equal(0.0, task.NormalizedScore(task.D4rlRandomScore), 9);
            Assert.Equal(100.0, task.NormalizedScore(task.D4rlExpertScore), 9);
        }
        Assert.Equal(100.0 * (1000 + 20.272305) / (3234.3 + 20.272305), LocomotionTask.Hopper.NormalizedScore(1000), 9);
    }

    [Fact]
    public void Unknown_environment_name_is_rejected_at_the_place_that_gave_it()
    {
        var e = Assert.Throws<Engine.IO.InputException>(() => LocomotionTask.Parse("ant", "--env"));
        Assert.Equal("unknown environment 'ant'", e.What);
        Assert.Equal("--env", e.Where);
        Assert.Contains("hopper", e.Why);
    }
}
