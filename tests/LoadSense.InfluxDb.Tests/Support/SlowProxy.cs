using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace LoadSense.InfluxDb.Tests.Support;

/// <summary>
/// A tiny HTTP proxy in front of influxd that forwards every request at once but holds back the
/// answer to the first <c>slowWrites</c> writes for <c>delay</c>: the points land, the client
/// times out and must decide again, the case where a retry could duplicate.
/// </summary>
internal sealed class SlowProxy : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly HttpClient _forward = new();
    private readonly string _target;
    private readonly int _slowWrites;
    private readonly TimeSpan _delay;
    private readonly TimeSpan _holdEveryWrite;
    private readonly Task _loop;
    private int _writes;
    private int _inFlight;
    private int _maxInFlight;

    public SlowProxy(string target, int slowWrites, TimeSpan delay, TimeSpan holdEveryWrite = default)
    {
        _target = target;
        _slowWrites = slowWrites;
        _delay = delay;
        _holdEveryWrite = holdEveryWrite;
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        Url = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}");
        _listener.Prefixes.Add(Url + "/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public string Url { get; }

    /// <summary>Write requests forwarded to influxd so far (each landed there).</summary>
    public int Writes => Volatile.Read(ref _writes);

    /// <summary>The most write requests that were in the proxy at the same moment.</summary>
    public int MaxConcurrentWrites => Volatile.Read(ref _maxInFlight);

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
        _forward.Dispose();
    }

    private async Task LoopAsync()
    {
        while (true)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        bool write = context.Request.RawUrl!.StartsWith("/write", StringComparison.Ordinal);
        if (write)
        {
            int now = Interlocked.Increment(ref _inFlight);
            int max;
            while (now > (max = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, max) != max)
            {
            }

            await Task.Delay(_holdEveryWrite);
        }

        try
        {
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            using var request = new HttpRequestMessage(new HttpMethod(context.Request.HttpMethod), new Uri(_target + context.Request.RawUrl));
            if (body.Length > 0 || context.Request.HttpMethod == "POST")
            {
                request.Content = new ByteArrayContent(body.ToArray());
                if (context.Request.ContentType is { } type)
                {
                    request.Content.Headers.TryAddWithoutValidation("Content-Type", type);
                }

                if (context.Request.Headers["Content-Encoding"] is { } encoding)
                {
                    request.Content.Headers.TryAddWithoutValidation("Content-Encoding", encoding);
                }
            }

            using HttpResponseMessage response = await _forward.SendAsync(request);
            byte[] answer = await response.Content.ReadAsByteArrayAsync();
            if (write && Interlocked.Increment(ref _writes) <= _slowWrites)
            {
                await Task.Delay(_delay);
            }

            context.Response.StatusCode = (int)response.StatusCode;
            await context.Response.OutputStream.WriteAsync(answer);
            context.Response.Close();
        }
        catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException or InvalidOperationException or HttpRequestException)
        {
            // The client gave up on this request; that is the point of the test.
        }
        finally
        {
            if (write)
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }
    }
}
