using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Text.Json;
using LoadSense.Ble;
using LoadSense.Ble.Tests;
using LoadSense.Cli.Configuration;
using LoadSense.Cli.Service;
using LoadSense.Core;
using Microsoft.Extensions.Logging;

namespace LoadSense.Cli.Tests.Service;

/// <summary>A BLE session against the dbusmock BlueZ, its blocks copied as they arrive, its log lines kept.</summary>
internal sealed class SessionHarness : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    public static readonly Guid V1Service = new("4c530001-0d1e-4f6b-9b9e-6c0a5e1d2b7a");
    public static readonly Guid V1Data = new("4c530002-0d1e-4f6b-9b9e-6c0a5e1d2b7a");
    public static readonly Guid V1Control = new("4c530003-0d1e-4f6b-9b9e-6c0a5e1d2b7a");
    public static readonly Guid PolarService = new("fb005c80-02e7-f387-1cad-8acd2d8df0c8");
    public static readonly Guid PolarControl = new("fb005c81-02e7-f387-1cad-8acd2d8df0c8");
    public static readonly Guid PolarData = new("fb005c82-02e7-f387-1cad-8acd2d8df0c8");

    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly IDisposable _subscription;
    private readonly BlueZAdapter _adapter;

    private SessionHarness(BlueZAdapter adapter, BleSensorSession session, ListLogger logger)
    {
        _adapter = adapter;
        Session = session;
        Logger = logger;
        _subscription = session.Stream(_stop.Token).Subscribe(
            b => Blocks.Add(new Received([.. b.Time], [.. b.Z], b.GapBefore)),
            ex => _completed.TrySetException(ex),
            () => _completed.TrySetResult());
    }

    public BleSensorSession Session { get; }

    public BlockingCollection<Received> Blocks { get; } = [];

    public ListLogger Logger { get; }

    public static async Task<SessionHarness> StartAsync(BlueZMockFixture bus, string address, string profile, SensorOptions? options = null, TimeProvider? time = null)
    {
        BlueZAdapter adapter = await BlueZAdapter.ConnectAsync(busAddress: bus.BusAddress);
        var logger = new ListLogger();
        var session = new BleSensorSession(new PairedSensor(address, "p07", Placement.Wrist, profile), adapter, options ?? FastOptions(), time ?? TimeProvider.System, logger, new Random(1));
        return new SessionHarness(adapter, session, logger);
    }

    /// <summary>Reconnects within a fraction of a second, so that tests of losses run quickly.</summary>
    public static SensorOptions FastOptions() => new()
    {
        ReconnectInitialSeconds = 0.1,
        ReconnectMaxSeconds = 1,
        ServicesTimeoutSeconds = 2,
        ConnectTimeoutSeconds = 5,
        BatteryIntervalSeconds = 5,
    };

    /// <summary>Waits until the session streams and the mock recorded <paramref name="starts"/> start commands.</summary>
    public async Task WaitStreamingAsync(BlueZMockFixture bus, MockSensor sensor, int starts = 1)
    {
        await WaitUntilAsync(async () =>
            Session.State.Snapshot().State == "streaming" &&
            (await bus.GetWritesAsync(sensor.Control)).Count(w => w.AsSpan().SequenceEqual(Session.Profile.StartCommand.Span)) >= starts);
    }

    public static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (!await condition())
        {
            await Task.Delay(25, timeout.Token);
        }
    }

    public Received Take()
    {
        Assert.True(Blocks.TryTake(out Received? block, Patience), "no block arrived");
        return block!;
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _completed.Task.WaitAsync(Patience);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _completed.Task.WaitAsync(Patience).ContinueWith(_ => { }, TaskScheduler.Default);
        _subscription.Dispose();
        _adapter.Dispose();
        _stop.Dispose();
    }

    /// <summary>A LoadSense v1 frame (firmware-protocol/SPEC.md §2) at 100 Hz, ±8 g, lying flat (z = 1 g).</summary>
    public static byte[] V1Frame(ushort sequence, uint ticks, int count = 10, byte flags = 0)
    {
        var frame = new byte[12 + (6 * count)];
        frame[0] = 1;
        frame[1] = flags;
        BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(4), ticks);
        BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan(8), 1000);
        frame[10] = 8;
        frame[11] = (byte)count;
        for (int i = 0; i < count; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(frame.AsSpan(12 + (6 * i) + 4), 4096);
        }

        return frame;
    }

    /// <summary>A stream of golden frames from firmware-protocol/vectors.</summary>
    public static JsonElement VectorStream(string file, string name)
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "vectors", file)));
        return doc.RootElement.GetProperty("streams").EnumerateArray().Single(s => s.GetProperty("name").GetString() == name).Clone();
    }

    /// <summary>The invalid frames of a vectors file.</summary>
    public static byte[][] InvalidFrames(string file)
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "vectors", file)));
        return [.. doc.RootElement.GetProperty("invalid").EnumerateArray().Select(c => Convert.FromHexString(c.GetProperty("hex").GetString()!))];
    }

    public sealed record Received(double[] Time, float[] Z, bool GapBefore);
}

/// <summary>Keeps every log line, so that tests can check what the service says.</summary>
internal sealed class ListLogger : ILogger
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _lines.Enqueue($"{logLevel}: {formatter(state, exception)}");
}
