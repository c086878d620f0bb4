using System.Diagnostics;
using Engine.Experiments;
using Spectre.Console;

namespace Engine.Cli;

/// <summary>
/// Shows an experiment's stages: Spectre progress bars with ETAs on a terminal; plain lines every 10 % (with
/// elapsed time and ETA) when the output is redirected, so logs stay readable.
/// </summary>
internal static class ConsoleProgress
{
    public static T Run<T>(Func<IExperimentProgress, T> body)
    {
        if (Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
            return body(new Plain());
        T result = default!;
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx => result = body(new Bars(ctx)));
        return result;
    }

    private sealed class Bars(ProgressContext ctx) : IExperimentProgress
    {
        private ProgressTask? _task;
        private string _stage = "";

        public void Begin(string stage, long total, long done = 0)
        {
            _stage = stage;
            _task = ctx.AddTask(Markup.Escape(stage), maxValue: Math.Max(1, total));
            _task.Value = done;
        }

        public void Report(long done, string? detail = null)
        {
            if (_task == null) return;
            _task.Value = done;
            if (detail != null) _task.Description = Markup.Escape($"{_stage} ({detail})");
        }

        public void End()
        {
            if (_task == null) return;
            _task.Value = _task.MaxValue;
            _task.StopTask();
            _task = null;
        }

        public void Log(string line) => AnsiConsole.MarkupLine(Markup.Escape(line));
    }

    private sealed class Plain : IExperimentProgress
    {
        private string _stage = "";
        private long _total, _start;
        private int _lastDecile;
        private readonly Stopwatch _clock = new();

        public void Begin(string stage, long total, long done = 0)
        {
            _stage = stage; _total = Math.Max(1, total); _start = done; _lastDecile = (int)(10 * done / _total);
            _clock.Restart();
            Console.WriteLine(done > 0 ? $"{stage}: resuming at {done}/{total}" : $"{stage}: started ({total} units)");
        }

        public void Report(long done, string? detail = null)
        {
            int decile = (int)(10 * done / _total);
            if (decile <= _lastDecile) return;
            _lastDecile = decile;
            double rate = (done - _start) / Math.Max(1e-9, _clock.Elapsed.TotalSeconds);
            var eta = rate > 0 ? TimeSpan.FromSeconds((_total - done) / rate) : TimeSpan.Zero;
            Console.WriteLine($"{_stage}: {100 * done / _total}% ({done}/{_total}){(detail != null ? ", " + detail : "")}, elapsed {_clock.Elapsed:mm\\:ss}, eta {eta:mm\\:ss}");
        }

        public void End() => Console.WriteLine($"{_stage}: done in {_clock.Elapsed.TotalSeconds:F1} s");

        public void Log(string line) => Console.WriteLine(line);
    }
}
