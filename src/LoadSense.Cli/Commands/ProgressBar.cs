using System.Reactive.Linq;

namespace LoadSense.Cli.Commands;

/// <summary>A one-line progress bar on stderr, drawn only when stderr is a terminal.</summary>
internal static class ProgressBar
{
    public static IDisposable Start(string label, Func<long> done, long total)
    {
        if (Console.IsErrorRedirected || total <= 0)
        {
            return System.Reactive.Disposables.Disposable.Empty;
        }

        IDisposable ticks = Observable.Interval(TimeSpan.FromMilliseconds(250)).Subscribe(_ => Draw(label, done(), total));
        return System.Reactive.Disposables.Disposable.Create(() =>
        {
            ticks.Dispose();
            Console.Error.Write("\r" + new string(' ', Math.Min(Console.WindowWidth - 1, 100)) + "\r");
        });
    }

    private static void Draw(string label, long done, long total)
    {
        const int Width = 30;
        double share = Math.Clamp((double)done / total, 0, 1);
        int filled = (int)(share * Width);
        Console.Error.Write($"\r{label} [{new string('#', filled)}{new string('.', Width - filled)}] {share,4:P0}");
    }
}
