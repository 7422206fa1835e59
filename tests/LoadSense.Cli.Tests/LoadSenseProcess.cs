using System.Diagnostics;

namespace LoadSense.Cli.Tests;

/// <summary>Runs the real loadsense executable in a scratch directory with its own database and config.</summary>
public sealed class LoadSenseProcess : IDisposable
{
    public LoadSenseProcess()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("loadsense-cli-").FullName;
    }

    public string Directory { get; }

    public string DatabasePath => Path.Combine(Directory, "store.db");

    public static string DataFile(string name) => Path.Combine(AppContext.BaseDirectory, "data", name);

    public async Task<(int ExitCode, string Out, string Err)> RunAsync(params string[] args) => await RunAsync(new Dictionary<string, string>(), args);

    public async Task<(int ExitCode, string Out, string Err)> RunAsync(IDictionary<string, string> environment, params string[] args)
    {
        using Process process = Process.Start(StartInfo(environment, args))!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    /// <summary>Starts loadsense without waiting (to kill it mid-run); its output is read and dropped.</summary>
    public Process Start(IDictionary<string, string> environment, params string[] args) => Start(environment, null, args);

    /// <summary>Starts loadsense without waiting; every line it writes (stdout and stderr) goes to <paramref name="onLine"/>.</summary>
    public Process Start(IDictionary<string, string> environment, Action<string>? onLine, params string[] args)
    {
        Process process = Process.Start(StartInfo(environment, args))!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { onLine?.Invoke(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { onLine?.Invoke(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Sends SIGTERM, as systemd and docker do to stop a service.</summary>
    public static async Task TerminateAsync(Process process)
    {
        using Process kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>SIGTERM, then the exit code once the service has flushed and exited (within systemd's 60 s stop timeout).</summary>
    public static async Task<int> TerminateAndWaitAsync(Process process)
    {
        await TerminateAsync(process);
        using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(exit.Token);
        return process.ExitCode;
    }

    /// <summary>Kills a process that a failing test left running.</summary>
    public static void KillIfRunning(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill();
        }
    }

    private ProcessStartInfo StartInfo(IDictionary<string, string> environment, string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Directory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "loadsense.dll"));
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["XDG_CONFIG_HOME"] = Path.Combine(Directory, "config");
        start.Environment["XDG_DATA_HOME"] = Path.Combine(Directory, "data");
        start.Environment["LOADSENSE_Sqlite__Path"] = DatabasePath;
        start.Environment["LOADSENSE_TimeZone"] = "Europe/Helsinki";
        foreach ((string key, string value) in environment)
        {
            start.Environment[key] = value;
        }

        return start;
    }

    public string WriteFile(string name, string content)
    {
        string path = Path.Combine(Directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
