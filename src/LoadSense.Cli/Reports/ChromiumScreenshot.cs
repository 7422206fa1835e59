using System.Diagnostics;

namespace LoadSense.Cli.Reports;

/// <summary>Chromium is not installed where <see cref="ReportOptions.ChromiumPath"/> says.</summary>
internal sealed class ChromiumMissingException(string message) : Exception(message);

/// <summary>Renders an HTML file to a PNG with headless Chromium's <c>--screenshot</c>, offline and in a throw-away profile.</summary>
internal static class ChromiumScreenshot
{
    /// <summary>Window size of the screenshot: wide enough for three chart columns, tall enough for a whole week.</summary>
    public const int Width = 1100, Height = 1500;

    /// <summary>Writes <paramref name="pngPath"/>, a screenshot of <paramref name="htmlPath"/>.</summary>
    /// <exception cref="ChromiumMissingException">Chromium is not installed.</exception>
    /// <exception cref="IOException">Chromium failed or took too long.</exception>
    public static async Task CaptureAsync(string htmlPath, string pngPath, ReportOptions options, CancellationToken cancellationToken)
    {
        if (!File.Exists(options.ChromiumPath))
        {
            throw new ChromiumMissingException($"--png needs Chromium, which is not installed at {options.ChromiumPath}: install it with 'apt-get install chromium' (Debian; as root), or set Report:ChromiumPath.");
        }

        DirectoryInfo profile = Directory.CreateTempSubdirectory("loadsense-chromium-");
        string output = Path.GetFullPath(pngPath);
        File.Delete(output);
        try
        {
            var start = new ProcessStartInfo(options.ChromiumPath)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string argument in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--hide-scrollbars", "--mute-audio",
                $"--user-data-dir={profile.FullName}", $"--screenshot={output}", $"--window-size={Width},{Height}",
                new Uri(Path.GetFullPath(htmlPath)).AbsoluteUri,
            })
            {
                start.ArgumentList.Add(argument);
            }

            using Process chromium = Process.Start(start) ?? throw new IOException($"{options.ChromiumPath} did not start.");
            Task<string> stdout = chromium.StandardOutput.ReadToEndAsync(cancellationToken);
            Task<string> stderr = chromium.StandardError.ReadToEndAsync(cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(options.RenderTimeoutSeconds));
            try
            {
                await chromium.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                chromium.Kill(entireProcessTree: true);
                if (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }

                throw new IOException($"Chromium did not render the PNG within {options.RenderTimeoutSeconds} s (setting Report:RenderTimeoutSeconds).");
            }

            await stdout;
            string errors = await stderr;
            if (chromium.ExitCode != 0 || !File.Exists(output))
            {
                string last = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
                throw new IOException($"Chromium could not render {htmlPath} (exit code {chromium.ExitCode}): {last.Trim()}");
            }
        }
        finally
        {
            try
            {
                profile.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A Chromium helper may still hold the profile for a moment; a stray temp folder is harmless.
            }
        }
    }
}
