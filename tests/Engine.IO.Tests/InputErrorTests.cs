using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Engine.IO.Tests;

/// <summary>
/// The three-part error of bad input (<see cref="InputException"/>), its JSON form (<see cref="JsonInputError"/>) and
/// the loader boundary (<see cref="DamagedFile"/>): what reaches the user is always one line naming the place.
/// </summary>
public sealed class InputErrorTests
{
    [Fact]
    public void The_message_is_the_three_parts_on_one_line()
    {
        var e = new InputException("corrupt\nfile", "'a.bin'", "line one\r\n  line two\nActual value was 3.");
        Assert.Equal(("corrupt file", "'a.bin'", "line one line two"), (e.What, e.Where, e.Why));
        Assert.Equal("corrupt file ('a.bin'): line one line two", e.Message);
    }

    [Fact]
    public void Relocation_keeps_what_and_why_and_the_original()
    {
        var inner = InputException.InvalidValue("$.seeds", -1, "seeds are 0 or more");
        var moved = inner.Relocated("--seeds");
        Assert.Equal(("invalid value '-1'", "--seeds", "seeds are 0 or more"), (moved.What, moved.Where, moved.Why));
        Assert.Same(inner, moved.InnerException);
    }

    [Theory]
    [InlineData("c.json", null, "'c.json'")]
    [InlineData("/d/c.json", "$.goals[1]", "'/d/c.json' $.goals[1]")]
    public void A_location_quotes_the_path_and_appends_the_member(string path, string? member, string expected) =>
        Assert.Equal(expected, InputException.Location(path, member));

    [SuppressMessage("Performance", "CA1812", Justification = "Created only by JsonSerializer.Deserialize<Settings>, through reflection")]
    private sealed record Settings
    {
        public int[] Goals { get; init; } = [1];
        public Inner Sub { get; init; } = new();
    }

    private sealed record Inner
    {
        public double Rate { get; init; }
        public string Name { get; init; } = "a";
    }

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
    };

    [Theory]
    [InlineData("""{"goals":null}""", "$.goals", "must not be null")]
    [InlineData("""{"sub":{"name":null}}""", "$.sub.name", "must not be null")]
    [InlineData("""{"goals":"x"}""", "$.goals", "expected a list, each item an integer from -2147483648 to 2147483647")]
    [InlineData("""{"goals":[99999999999]}""", "$.goals[0]", "expected an integer from")]
    [InlineData("""{"sub":{"rate":"fast"}}""", "$.sub.rate", "expected a number")]
    [InlineData("""{"sub":{"name":3}}""", "$.sub.name", "expected a string")]
    [InlineData("""{"sub":3}""", "$.sub", "expected a value of type InputErrorTests.Inner")]
    [InlineData("""{"sub":{"bogus":1}}""", "$.sub.bogus", "no such member")]
    [InlineData("""{"goals":[1,""", "$.goals[1]", "not valid JSON at line 1, byte 12")]
    [InlineData("{\n  \"goals\": [1],\n  x\n}", "$", "not valid JSON at line 3, byte 3")]
    public void A_json_error_names_the_member_path_and_the_rule_in_words(string json, string member, string why)
    {
        var e = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Settings>(json, Options));
        var error = JsonInputError.Describe("invalid configuration", "c.json", e);
        Assert.Equal(("invalid configuration", $"'c.json' {member}"), (error.What, error.Where));
        Assert.StartsWith(why, error.Why);
        Assert.DoesNotContain("LineNumber", error.Why); // the serializer's position suffix is replaced by words
        Assert.DoesNotContain("System.", error.Why); // and its .NET type names too
    }

    [Theory]
    [InlineData("format")]
    [InlineData("overflow")]
    [InlineData("invalid data")]
    [InlineData("argument")]
    public void A_loader_turns_what_a_damaged_file_provokes_into_one_error_naming_the_file(string kind)
    {
        Exception cause = kind switch
        {
            "format" => new FormatException("bad bytes"),
            "overflow" => new OverflowException("bad bytes"),
            "invalid data" => new InvalidDataException("bad bytes"),
            _ => new ArgumentOutOfRangeException("count", 7, "bad bytes"), // its message carries the parameter and the value
        };
        var e = Assert.Throws<InputException>(() => DamagedFile.Guard<int>("corrupt checkpoint", "/r/c.json", () => throw cause));
        Assert.Equal(("corrupt checkpoint", "'/r/c.json'"), (e.What, e.Where));
        Assert.StartsWith("bad bytes", e.Why);
        Assert.DoesNotContain("Parameter", e.Why);
        Assert.Same(cause, e.InnerException);
    }

    [Fact]
    public void A_loader_keeps_an_error_that_already_says_where_and_lets_bugs_through()
    {
        var precise = new InputException("corrupt safetensors file", "'/r/m.safetensors' tensor 'w'", "truncated");
        Assert.Same(precise, Assert.Throws<InputException>(() => DamagedFile.Guard("corrupt checkpoint", "/r/c.json", () => throw precise)));
        Assert.Throws<ArgumentNullException>(() => DamagedFile.Guard("corrupt checkpoint", "/r/c.json", () => throw new ArgumentNullException("x")));
        Assert.Throws<NullReferenceException>(() => DamagedFile.Guard("corrupt checkpoint", "/r/c.json", () => throw new NullReferenceException()));
        var json = Assert.Throws<InputException>(() => DamagedFile.Guard("corrupt checkpoint", "/r/c.json",
            () => JsonSerializer.Deserialize<Settings>("""{"goals":null}""", Options)));
        Assert.Equal("'/r/c.json' $.goals", json.Where);
        Assert.Equal(7, DamagedFile.Guard("corrupt checkpoint", "/r/c.json", () => 7));
    }
}
