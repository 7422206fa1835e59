using System.Net.Sockets;

namespace LoadSense.Ble;

/// <summary>
/// Notifications from the socket of <c>AcquireNotify</c>: SOCK_SEQPACKET, so one read is one
/// notification; end of file (HUP) means the device disconnected or bluetoothd let go. Closing
/// the socket is what releases the notify session in BlueZ.
/// </summary>
internal sealed class AcquiredSubscription : IBleSubscription
{
    // An ATT notification carries at most MTU − 3 bytes and BlueZ negotiates at most 517;
    // a larger buffer costs nothing and a smaller one would truncate a datagram.
    private const int MaxAttMtu = 517;

    private readonly Socket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _reading = Task.CompletedTask;
    private int _disposed;

    private AcquiredSubscription(Socket socket, ushort mtu)
    {
        _socket = socket;
        Mtu = mtu;
    }

    public BleNotifyMethod Method => BleNotifyMethod.AcquiredSocket;

    public Task Closed => _closed.Task;

    /// <summary>The negotiated ATT MTU from the AcquireNotify reply.</summary>
    public ushort Mtu { get; }

    public static AcquiredSubscription Start(SafeSocketHandle handle, ushort mtu, Action<ReadOnlyMemory<byte>> onValue)
    {
        Socket socket;
        try
        {
            socket = new Socket(handle);
        }
        catch
        {
            handle.Dispose();
            throw;
        }

        var subscription = new AcquiredSubscription(socket, mtu);
        subscription._reading = subscription.ReadAsync(onValue);
        return subscription;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await _reading.ConfigureAwait(false);
        _socket.Dispose();
        _stop.Dispose();
    }

#pragma warning disable CA1031 // The read loop owns the socket; whatever ends it ends the subscription, never the process.
    private async Task ReadAsync(Action<ReadOnlyMemory<byte>> onValue)
    {
        await Task.Yield();
        byte[] buffer = new byte[Math.Max((int)Mtu, MaxAttMtu)];
        try
        {
            while (true)
            {
                int read = await _socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token).ConfigureAwait(false);
                // A zero-length read is either an empty notification or the peer's hang-up; only
                // after a hang-up does the socket stay readable with nothing to read.
                if (read == 0 && _socket.Poll(0, SelectMode.SelectRead) && _socket.Available == 0)
                {
                    break;
                }

                try
                {
                    onValue(buffer.AsMemory(0, read));
                }
                catch (Exception)
                {
                    // The subscriber's failure is its own; the stream goes on.
                }
            }
        }
        catch (OperationCanceledException)
        {
            return;
        }
        catch (SocketException)
        {
            // Reset by the peer: the same as a hang-up.
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        _closed.TrySetResult();
    }
#pragma warning restore CA1031
}
