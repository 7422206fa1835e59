using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LoadSense.Cli.Tests.Reports;

/// <summary>
/// Headless Debian Chromium driven over the Chrome DevTools Protocol: started with
/// <c>--remote-debugging-port=0</c> in a throw-away profile, its port read from the profile's
/// DevToolsActivePort file, one page attached in flat session mode over a ClientWebSocket.
/// </summary>
public sealed class ChromiumDevTools : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly Process _process;
    private readonly DirectoryInfo _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonObject>> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _receiving = Task.CompletedTask;
    private int _nextId;
    private string? _sessionId;

    private ChromiumDevTools(Process process, DirectoryInfo profile)
    {
        _process = process;
        _profile = profile;
    }

    /// <summary>Every event the page sent, in order (method and params).</summary>
    public ConcurrentQueue<(string Method, JsonObject Params)> Events { get; } = new();

    public static async Task<ChromiumDevTools> LaunchAsync()
    {
        Assert.True(File.Exists(ChromiumPath),
            $"{ChromiumPath} is missing: the report's browser test needs Debian's Chromium. Install it with 'sudo apt-get install chromium' (scripts/test.sh does this when run as root).");
        DirectoryInfo profile = Directory.CreateTempSubdirectory("loadsense-cdp-");
        var start = new ProcessStartInfo(ChromiumPath) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--hide-scrollbars", "--remote-debugging-port=0", $"--user-data-dir={profile.FullName}", "about:blank",
        })
        {
            start.ArgumentList.Add(argument);
        }

        Process process = Process.Start(start)!;
        // Chromium's chatter is drained so that it never blocks on a full pipe.
        _ = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        var devTools = new ChromiumDevTools(process, profile);
        try
        {
            await devTools.ConnectAsync();
        }
        catch
        {
            await devTools.DisposeAsync();
            throw;
        }

        return devTools;
    }

    /// <summary>Sends a command to the attached page (or to the browser before a page is attached) and returns its result.</summary>
    public async Task<JsonObject> SendAsync(string method, JsonObject? parameters = null, bool toBrowser = false)
    {
        int id = Interlocked.Increment(ref _nextId);
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        if (!toBrowser && _sessionId is not null)
        {
            message["sessionId"] = _sessionId;
        }

        var reply = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, _stop.Token);
        JsonObject response = await reply.Task.WaitAsync(TimeSpan.FromSeconds(60));
        if (response["error"] is JsonNode error)
        {
            throw new InvalidOperationException($"{method} failed: {error.ToJsonString()}");
        }

        return response["result"]?.AsObject() ?? new JsonObject();
    }

    /// <summary>Opens <paramref name="url"/> in the attached page and waits for its load event.</summary>
    public async Task NavigateAsync(string url)
    {
        int seen = Events.Count;
        await SendAsync("Page.navigate", new JsonObject { ["url"] = url });
        var deadline = Stopwatch.StartNew();
        while (!Events.Skip(seen).Any(e => e.Method == "Page.loadEventFired"))
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60), $"{url} did not finish loading within 60 s");
            await Task.Delay(50);
        }
    }

    /// <summary>Evaluates a JavaScript expression in the page and returns its JSON value.</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression)
    {
        JsonObject result = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true });
        Assert.True(result["exceptionDetails"] is null, $"{expression} threw: {result["exceptionDetails"]?.ToJsonString()}");
        return result["result"]?["value"];
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Abort();
        _socket.Dispose();
        try
        {
            await _receiving;
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The socket was closed on purpose.
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _stop.Dispose();
        try
        {
            _profile.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A helper process may still hold a file for a moment; a temp folder left behind is harmless.
        }
    }

    private async Task ConnectAsync()
    {
        string portFile = Path.Combine(_profile.FullName, "DevToolsActivePort");
        var waited = Stopwatch.StartNew();
        string[] lines = [];
        while (lines.Length < 2)
        {
            Assert.False(_process.HasExited, $"Chromium exited with code {(_process.HasExited ? _process.ExitCode : 0)} before opening its DevTools port");
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), "Chromium did not write DevToolsActivePort within 60 s");
            await Task.Delay(50);
            if (File.Exists(portFile))
            {
                lines = (await File.ReadAllTextAsync(portFile)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            }
        }

        await _socket.ConnectAsync(new Uri($"ws://127.0.0.1:{lines[0].Trim()}{lines[1].Trim()}"), _stop.Token);
        _receiving = Task.Run(ReceiveAsync);
        JsonObject target = await SendAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank" }, toBrowser: true);
        JsonObject attached = await SendAsync("Target.attachToTarget", new JsonObject { ["targetId"] = target["targetId"]!.GetValue<string>(), ["flatten"] = true }, toBrowser: true);
        _sessionId = attached["sessionId"]!.GetValue<string>();
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        while (!_stop.IsCancellationRequested)
        {
            WebSocketReceiveResult part = await _socket.ReceiveAsync(buffer, _stop.Token);
            if (part.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            message.Write(buffer, 0, part.Count);
            if (!part.EndOfMessage)
            {
                continue;
            }

            JsonObject received = JsonNode.Parse(message.ToArray())!.AsObject();
            message.SetLength(0);
            if (received["id"] is JsonNode id && _pending.TryRemove(id.GetValue<int>(), out TaskCompletionSource<JsonObject>? reply))
            {
                reply.SetResult(received);
            }
            else if (received["method"] is JsonNode method)
            {
                Events.Enqueue((method.GetValue<string>(), received["params"]?.AsObject() ?? new JsonObject()));
            }
        }
    }
}
