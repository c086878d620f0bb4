namespace Engine.Diffusion;

/// <summary>One episode: observations [length, obsDim] and actions [length, actDim], row-major.</summary>
public sealed record Episode(double[] Observations, double[] Actions, int Length, int ObservationDim, int ActionDim)
{
    /// <summary>
    /// Splits flat transition arrays into episodes as Diffuser's sequence_dataset: an episode ends at i if
    /// terminals[i] or timeouts[i] (when given), otherwise when its step count reaches maxEpisodeSteps − 1.
    /// A trailing partial episode is kept.
    /// </summary>
    public static List<Episode> Split(double[] observations, double[] actions, bool[] terminals, bool[]? timeouts, int observationDim, int actionDim, int maxEpisodeSteps = 1000)
    {
        int n = terminals.Length;
        if (observations.Length != n * observationDim || actions.Length != n * actionDim || (timeouts != null && timeouts.Length != n))
            throw new ArgumentException($"Episode.Split: {n} terminals but {observations.Length / Math.Max(1, observationDim)} observations, {actions.Length / Math.Max(1, actionDim)} actions, {timeouts?.Length} timeouts");
        var result = new List<Episode>();
        int start = 0;
        for (int i = 0; i < n; i++)
        {
            bool end = terminals[i] || (timeouts != null ? timeouts[i] : i - start == maxEpisodeSteps - 1);
            if (!end && i != n - 1) continue;
            int len = i - start + 1;
            result.Add(new Episode(observations[(start * observationDim)..((i + 1) * observationDim)], actions[(start * actionDim)..((i + 1) * actionDim)], len, observationDim, actionDim));
            start = i + 1;
        }
        return result;
    }
}
