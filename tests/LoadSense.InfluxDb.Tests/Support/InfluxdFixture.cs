using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using LoadSense.InfluxDb;

namespace LoadSense.InfluxDb.Tests.Support;

/// <summary>The tests that need a real InfluxDB share one influxd and run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class InfluxdTests : ICollectionFixture<InfluxdFixture>
{
    public const string Name = "influxd";
}

/// <summary>
/// Runs Debian's influxd (InfluxDB 1.x) in a temporary directory, bound to free loopback ports,
/// with reporting off; never a system service. Without influxd the tests fail and say what to install.
/// </summary>
public sealed class InfluxdFixture : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("loadsense-influxd-").FullName;
    private Process? _process;

    public int Port { get; private set; }

    public string Url => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}");

    private string ConfigPath => Path.Combine(_directory, "influxdb.conf");

    private string LogPath => Path.Combine(_directory, "influxd.log");

    public static string? FindInfluxd()
    {
        foreach (string directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Append("/usr/bin").Append("/usr/sbin"))
        {
            string candidate = Path.Combine(directory, "influxd");
            if (directory.Length > 0 && File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    public async Task InitializeAsync()
    {
        Port = FreePort();
        int rpcPort = FreePort();
        await File.WriteAllTextAsync(ConfigPath, string.Create(CultureInfo.InvariantCulture, $"""
            reporting-disabled = true
            bind-address = "127.0.0.1:{rpcPort}"

            [meta]
              dir = "{_directory}/meta"

            [data]
              dir = "{_directory}/data"
              wal-dir = "{_directory}/wal"
              query-log-enabled = false

            [monitor]
              store-enabled = false

            [http]
              bind-address = "127.0.0.1:{Port}"
              log-enabled = false

            [logging]
              level = "warn"
            """));
        await StartAsync();
    }

    /// <summary>Options for a fresh database of its own (so tests never see each other's points).</summary>
    public InfluxDbOptions NewDatabase(int timeoutSeconds = 10) => new()
    {
        Url = Url,
        Database = "t" + Guid.NewGuid().ToString("N"),
        TimeoutSeconds = timeoutSeconds,
        RetryBaseDelaySeconds = 0.05,
        RetryMaxDelaySeconds = 0.5,
    };

    /// <summary>Starts influxd on the fixture's directory and port; does nothing when it runs already.</summary>
    public async Task StartAsync()
    {
        if (_process is { HasExited: false })
        {
            return;
        }

        string influxd = FindInfluxd() ?? throw new InvalidOperationException(
            "influxd is not installed, and the InfluxDB tests need a real server: run `apt-get install influxdb` (Debian's InfluxDB 1.6.7; scripts/test.sh does it when run as root).");
        var start = new ProcessStartInfo(influxd)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-config");
        start.ArgumentList.Add(ConfigPath);
        _process = Process.Start(start)!;
        _ = CopyAsync(_process.StandardOutput);
        _ = CopyAsync(_process.StandardError);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"influxd exited with {_process.ExitCode} while starting: {await TailAsync()}");
            }

            try
            {
                using HttpResponseMessage response = await http.GetAsync(new Uri(Url + "/ping"));
                if (response.StatusCode == HttpStatusCode.NoContent)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"influxd did not answer /ping on {Url} within 60 s: {await TailAsync()}");
    }

    /// <summary>Stops influxd gracefully (SIGTERM), then by force after 20 s.</summary>
    public async Task StopAsync()
    {
        if (_process is null || _process.HasExited)
        {
            return;
        }

        using (Process kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _process = null;
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task CopyAsync(StreamReader reader)
    {
        string? line;
        while ((line = await reader.ReadLineAsync()) is not null)
        {
            await File.AppendAllTextAsync(LogPath, line + "\n");
        }
    }

    private async Task<string> TailAsync()
    {
        await Task.Delay(200);
        return File.Exists(LogPath) ? string.Join(" | ", (await File.ReadAllLinesAsync(LogPath)).TakeLast(10)) : "(no output)";
    }
}
