namespace Engine.Autodiff;

/// <summary>Whether op applications are being recorded for reverse mode on this thread.</summary>
internal static class GradMode
{
    [ThreadStatic] private static int _pauseDepth;

    public static bool IsRecording => _pauseDepth == 0;

    public static Scope Pause()
    {
        _pauseDepth++;
        return new Scope(-1);
    }

    /// <summary>Turns recording on inside a paused region (for createGraph: true); restores on dispose.</summary>
    public static Scope Resume()
    {
        int saved = _pauseDepth;
        _pauseDepth = 0;
        return new Scope(saved);
    }

    public readonly struct Scope(int restore) : IDisposable
    {
        public void Dispose()
        {
            if (restore < 0) _pauseDepth--;
            else _pauseDepth = restore;
        }
    }
}
