using System.Text.Json;

namespace Engine.IO;

/// <summary>
/// The boundary of a file loader: the exceptions a damaged or foreign file provokes in the parsing code below it
/// (a malformed number, an overflow, an argument check, invalid data, malformed JSON) become one
/// <see cref="InputException"/> that names the file, so that nothing else escapes a loader and the user reads
/// which file to fix. An <see cref="InputException"/> raised inside passes unchanged: it already says where.
/// </summary>
public static class DamagedFile
{
    /// <param name="what">What the file is, as the error's first part, e.g. "corrupt PPO checkpoint".</param>
    /// <param name="path">The file being read.</param>
    /// <param name="read">The load.</param>
    public static T Guard<T>(string what, string path, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (InputException)
        {
            throw;
        }
        catch (JsonException e)
        {
            throw JsonInputError.Describe(what, path, e);
        }
        catch (Exception e) when (IsDamage(e))
        {
            string why = e is ArgumentException { ParamName: { } p } ? e.Message.Replace($" (Parameter '{p}')", "") : e.Message;
            throw new InputException(what, InputException.Location(path), why, e);
        }
    }

    /// <inheritdoc cref="Guard{T}(string, string, Func{T})"/>
    public static void Guard(string what, string path, Action read) => Guard(what, path, () =>
    {
        read();
        return true;
    });

    /// <summary>Whether <paramref name="e"/> is what parsing code throws on bad bytes (a null argument is a bug, never data).</summary>
    private static bool IsDamage(Exception e) =>
        e is FormatException or OverflowException or InvalidDataException || e is ArgumentException and not ArgumentNullException;
}
