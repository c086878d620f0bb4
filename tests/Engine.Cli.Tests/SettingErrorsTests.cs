namespace Engine.Cli.Tests;

/// <summary>A setting's error is placed where the user set it: the option given, else the configuration file, else the option that would set it.</summary>
public sealed class SettingErrorsTests
{
    private static readonly (string, string, bool)[] Options =
    [
        ("--window", "$.reward.windowHorizon", false),
        ("--seeds", "$.seeds", true),
        ("--size", "$.data.baseSize", false),
    ];

    [Theory]
    [InlineData("$.seeds[2]", null, "--seeds")] // an element of a member set by a given option
    [InlineData("$.seeds", "c.json", "--seeds")] // the option overrides the file
    [InlineData("$.reward.windowHorizon", "c.json", "'c.json' $.reward.windowHorizon")] // not given: the file
    [InlineData("$.reward.windowHorizon", null, "--window")] // a default the option can change
    [InlineData("$.reward.windowHorizonX", null, null)] // a member is matched whole, not by prefix
    [InlineData("$.diffusion.steps", "c.json", "'c.json' $.diffusion.steps")]
    [InlineData("$.diffusion.steps", null, null)] // no option, no file: the member stays
    [InlineData("--cell", "c.json", null)] // not a member at all
    public void A_member_is_placed_at_the_option_or_file_that_set_it(string member, string? configFile, string? expected) =>
        Assert.Equal(expected, SettingErrors.Place(member, Options, configFile));
}
