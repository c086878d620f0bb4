using System.Text.Json;
using System.Text.Json.Serialization;

namespace Engine.Experiments.Maze2D;

/// <summary>
/// A <see cref="MazeGoal"/> in JSON: a paper goal number as an integer (<c>3</c>, so numbered configurations and results
/// read and write as they always did), a point as the string <c>"2.5,6"</c>; a two-number array <c>[2.5, 6]</c> is read too.
/// </summary>
public sealed class MazeGoalJsonConverter : JsonConverter<MazeGoal>
{
    // "could not be converted to" is the phrase JsonInputError turns into "expected …".
    private const string Expected = "The JSON value could not be converted to a goal: a paper goal number (1-8), \"x,y\" or [x, y].";

    public override bool HandleNull => true;

    public override MazeGoal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number when reader.TryGetInt32(out int k):
                return MazeGoal.Paper(k);
            case JsonTokenType.String:
                return MazeGoal.TryParse(reader.GetString()!) ?? throw new JsonException(Expected);
            case JsonTokenType.StartArray:
                var xy = new List<double>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    xy.Add(reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out double v) && double.IsFinite(v) ? v : throw new JsonException(Expected));
                return xy.Count == 2 ? MazeGoal.At(xy[0], xy[1]) : throw new JsonException(Expected);
            default:
                throw new JsonException(Expected);
        }
    }

    public override void Write(Utf8JsonWriter writer, MazeGoal value, JsonSerializerOptions options)
    {
        if (value.IsNumbered) writer.WriteNumberValue(value.Number);
        else writer.WriteStringValue(value.ToString());
    }
}
