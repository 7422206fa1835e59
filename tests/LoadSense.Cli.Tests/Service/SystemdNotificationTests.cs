using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Microsoft.Data.Sqlite;

namespace LoadSense.Cli.Tests.Service;

/// <summary>
/// <c>loadsense run</c> under systemd's <c>Type=notify</c>: a real process, a real datagram
/// socket standing in for the service manager's NOTIFY_SOCKET.
/// </summary>
public sealed class SystemdNotificationTests : IDisposable
{
    private readonly LoadSenseProcess _cli = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _cli.Dispose();
    }

    [Fact]
    public async Task Run_WithNotifySocket_SendsReadyThenStoppingOnSigterm()
    {
        string socketPath = Path.Combine(_cli.Directory, "notify.sock");
        using var manager = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        manager.Bind(new UnixDomainSocketEndPoint(socketPath));
        var environment = new Dictionary<string, string> { ["NOTIFY_SOCKET"] = socketPath };

        using Process process = _cli.Start(environment, "run", "--simulate", "1", "--patient", "p01");
        try
        {
            Assert.Equal("READY=1", await ReceiveAsync(manager, TimeSpan.FromSeconds(90)));
            Assert.False(process.HasExited, "the service is up once it says it is ready");

            await LoadSenseProcess.TerminateAsync(process);

            Assert.Equal("STOPPING=1", await ReceiveAsync(manager, TimeSpan.FromSeconds(30)));
            using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(exit.Token);
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            LoadSenseProcess.KillIfRunning(process);
        }
    }

    [Fact]
    public async Task Run_WithoutNotifySocket_SendsNothingAndStillRuns()
    {
        string socketPath = Path.Combine(_cli.Directory, "notify.sock");
        using var manager = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        manager.Bind(new UnixDomainSocketEndPoint(socketPath));

        var (code, _, stderr) = await _cli.RunAsync(new Dictionary<string, string>(), "run", "--simulate", "1", "--seconds", "2", "--patient", "p01");

        Assert.True(code == 0, stderr);
        Assert.Equal(0, manager.Available);
    }

    private static async Task<string> ReceiveAsync(Socket socket, TimeSpan timeout)
    {
        var buffer = new byte[4096];
        using var cancel = new CancellationTokenSource(timeout);
        int received = await socket.ReceiveAsync(buffer, SocketFlags.None, cancel.Token);
        return Encoding.UTF8.GetString(buffer, 0, received).Trim();
    }
}
