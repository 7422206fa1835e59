using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace LoadSense.InfluxDb.Http;

/// <summary>
/// The three endpoints of InfluxDB's v1-compatible HTTP API that LoadSense uses: <c>/ping</c>,
/// <c>/write</c> (line protocol, microsecond timestamps) and <c>/query</c> (InfluxQL, epoch
/// microseconds in JSON). Every failure becomes an <see cref="InfluxDbException"/> that says
/// whether to retry. Thread-safe.
/// </summary>
internal sealed class InfluxDbClient : IDisposable
{
    /// <summary>Line protocol precision of every write and epoch of every query: microseconds.</summary>
    public const string Precision = "u";

    private readonly HttpClient _http;
    private readonly string _writeUri;
    private readonly string _escapedDatabase;
    private readonly string _queryUri;
    private readonly string _database;
    private readonly bool _gzip;

    /// <summary>Creates a client; <paramref name="handler"/> replaces the socket handler in tests.</summary>
    public InfluxDbClient(InfluxDbOptions options, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _database = options.Database;
        _gzip = options.GzipWrites;
        var baseUri = new Uri(options.Url.EndsWith('/') ? options.Url : options.Url + "/", UriKind.Absolute);
        _http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        _http.BaseAddress = baseUri;
        _http.Timeout = TimeSpan.FromSeconds(options.TimeoutSeconds);
        BaseUrl = baseUri.GetLeftPart(UriPartial.Path);

        string? token = options.ResolveToken();
        if (token is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", token);
        }
        else if (!string.IsNullOrEmpty(options.Username))
        {
            string pair = Convert.ToBase64String(Encoding.UTF8.GetBytes(options.Username + ":" + options.Password));
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", pair);
        }

        _escapedDatabase = Uri.EscapeDataString(options.Database);
        _writeUri = WriteUri(options.RetentionPolicy);
        _queryUri = $"query?db={_escapedDatabase}&epoch={Precision}";
    }

    // The write endpoint into a retention policy (null or empty: the database's default).
    private string WriteUri(string? retentionPolicy) =>
        $"write?db={_escapedDatabase}{(string.IsNullOrEmpty(retentionPolicy) ? "" : "&rp=" + Uri.EscapeDataString(retentionPolicy))}&precision={Precision}";

    /// <summary>The server's base URL (no credentials ever appear in it).</summary>
    public string BaseUrl { get; }

    /// <summary>Checks that the server answers; returns its version header (empty when it sends none).</summary>
    public async Task<string> PingAsync(CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, "ping"), "ping", cancellationToken);
        return response.Headers.TryGetValues("X-Influxdb-Version", out IEnumerable<string>? values) ? string.Join(",", values) : "";
    }

    /// <summary>Writes newline-separated points with microsecond timestamps; returns when the server acknowledged them (2xx).</summary>
    public Task WriteAsync(ReadOnlyMemory<byte> lines, CancellationToken cancellationToken) =>
        WriteAsync(lines, null, cancellationToken);

    /// <summary>Writes points into <paramref name="retentionPolicy"/> (null or empty: the configured one).</summary>
    public async Task WriteAsync(ReadOnlyMemory<byte> lines, string? retentionPolicy, CancellationToken cancellationToken)
    {
        string uri = string.IsNullOrEmpty(retentionPolicy) ? _writeUri : WriteUri(retentionPolicy);
        ReadOnlyMemory<byte> body = _gzip ? Gzip(lines.Span) : lines;
        using HttpResponseMessage response = await SendAsync(
            () =>
            {
                var content = new ReadOnlyMemoryContent(body);
                if (_gzip)
                {
                    content.Headers.ContentEncoding.Add("gzip");
                }

                return new HttpRequestMessage(HttpMethod.Post, uri) { Content = content };
            },
            "write",
            cancellationToken);
    }

    /// <summary>Line protocol compressed for a write body; the fastest level, since the gateway's CPU is shared with the analysis.</summary>
    internal static ReadOnlyMemory<byte> Gzip(ReadOnlySpan<byte> lines)
    {
        using var buffer = new MemoryStream((lines.Length / 4) + 64);
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(lines);
        }

        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    /// <summary>Runs InfluxQL statements and returns the parsed JSON answer; a statement's error becomes an exception.</summary>
    public async Task<JsonDocument> QueryAsync(string influxQl, CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, _queryUri) { Content = new FormUrlEncodedContent([new("q", influxQl)]) },
            "query",
            cancellationToken);
        await using Stream body = await response.Content.ReadAsStreamAsync(cancellationToken);
        JsonDocument document = await JsonDocument.ParseAsync(body, default, cancellationToken);
        try
        {
            ThrowOnStatementError(document.RootElement);
            return document;
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _http.Dispose();

    private void ThrowOnStatementError(JsonElement root)
    {
        if (root.TryGetProperty("error", out JsonElement error))
        {
            throw new InfluxDbException($"InfluxDB at {BaseUrl} refused the query: {error.GetString()}", InfluxFailure.Rejected);
        }

        if (!root.TryGetProperty("results", out JsonElement results))
        {
            return;
        }

        foreach (JsonElement result in results.EnumerateArray())
        {
            if (result.TryGetProperty("error", out JsonElement statementError))
            {
                string message = statementError.GetString() ?? "";
                InfluxFailure failure = message.StartsWith("database not found", StringComparison.Ordinal)
                    ? InfluxFailure.Configuration
                    : InfluxFailure.Rejected;
                throw new InfluxDbException($"InfluxDB at {BaseUrl}, database '{_database}': {message}", failure);
            }

            if (result.TryGetProperty("partial", out JsonElement partial) && partial.ValueKind == JsonValueKind.True)
            {
                throw new InfluxDbException($"InfluxDB at {BaseUrl} cut the answer short (max-row-limit); narrow the time range.", InfluxFailure.Rejected);
            }
        }
    }

    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> request, string what, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        HttpResponseMessage response;
        using (HttpRequestMessage message = request())
        {
            try
            {
                response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw new InfluxDbException(
                    string.Create(CultureInfo.InvariantCulture, $"InfluxDB at {BaseUrl} did not answer the {what} request within {_http.Timeout.TotalSeconds:0.###} s."),
                    InfluxFailure.Transient,
                    innerException: ex);
            }
            catch (HttpRequestException ex)
            {
                throw new InfluxDbException($"Cannot reach InfluxDB at {BaseUrl} ({what}): {ex.Message}", InfluxFailure.Transient, innerException: ex);
            }
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            string detail = await ErrorTextAsync(response, cancellationToken);
            HttpStatusCode status = response.StatusCode;
            int code = (int)status;
            InfluxFailure failure = code switch
            {
                408 or 429 or >= 500 => InfluxFailure.Transient,
                400 or 413 or 422 => InfluxFailure.Rejected,
                _ => InfluxFailure.Configuration,
            };
            string hint = code switch
            {
                401 => " Check InfluxDb:Token, InfluxDb:TokenFile or InfluxDb:Username and InfluxDb:Password.",
                403 => " The credentials lack permission on this database.",
                404 => $" Check InfluxDb:Url and that database '{_database}' exists.",
                _ => "",
            };
            throw new InfluxDbException(
                string.Create(CultureInfo.InvariantCulture, $"InfluxDB at {BaseUrl} answered the {what} request with {code} {response.ReasonPhrase}: {detail}{hint}"),
                failure,
                status,
                RetryAfter(response));
        }
    }

    private static async Task<string> ErrorTextAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (HttpRequestException)
        {
            return "(no body)";
        }

        // 1.x and the v1 compatibility layers answer {"error":"..."}.
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out JsonElement error)
                && error.ValueKind == JsonValueKind.String)
            {
                return error.GetString()!;
            }
        }
        catch (JsonException)
        {
        }

        text = text.Trim();
        return text.Length > 500 ? text[..500] + "…" : text;
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        RetryConditionHeaderValue? header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date && response.Headers.Date is { } now)
        {
            TimeSpan wait = date - now;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }
}
