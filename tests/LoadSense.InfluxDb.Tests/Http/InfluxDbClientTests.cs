using System.Net;
using System.Text;
using LoadSense.InfluxDb.Http;

namespace LoadSense.InfluxDb.Tests.Http;

public sealed class InfluxDbClientTests
{
    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, InfluxFailure.Transient)]
    [InlineData(HttpStatusCode.ServiceUnavailable, InfluxFailure.Transient)]
    [InlineData(HttpStatusCode.TooManyRequests, InfluxFailure.Transient)]
    [InlineData(HttpStatusCode.RequestTimeout, InfluxFailure.Transient)]
    [InlineData(HttpStatusCode.BadRequest, InfluxFailure.Rejected)]
    [InlineData(HttpStatusCode.RequestEntityTooLarge, InfluxFailure.Rejected)]
    [InlineData(HttpStatusCode.Unauthorized, InfluxFailure.Configuration)]
    [InlineData(HttpStatusCode.Forbidden, InfluxFailure.Configuration)]
    [InlineData(HttpStatusCode.NotFound, InfluxFailure.Configuration)]
    public async Task WriteAsync_ErrorStatus_ClassifiesItAndKeepsTheServersMessage(HttpStatusCode status, InfluxFailure failure)
    {
        using var handler = new Answer(status, "{\"error\":\"the server's own words\"}");
        using var client = new InfluxDbClient(new InfluxDbOptions(), handler);

        InfluxDbException error = await Assert.ThrowsAsync<InfluxDbException>(() => client.WriteAsync("m f=1i 0\n"u8.ToArray(), CancellationToken.None));

        Assert.Equal(failure, error.Failure);
        Assert.Equal(status, error.StatusCode);
        Assert.Contains("the server's own words", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_429WithRetryAfter_ReportsTheWait()
    {
        using var handler = new Answer(HttpStatusCode.TooManyRequests, "slow down", retryAfterSeconds: 12);
        using var client = new InfluxDbClient(new InfluxDbOptions(), handler);

        InfluxDbException error = await Assert.ThrowsAsync<InfluxDbException>(() => client.WriteAsync("m f=1i 0\n"u8.ToArray(), CancellationToken.None));

        Assert.Equal(TimeSpan.FromSeconds(12), error.RetryAfter);
    }

    [Fact]
    public async Task WriteAsync_Token_SentAsTokenHeaderToTheWriteEndpoint()
    {
        using var handler = new Answer(HttpStatusCode.NoContent, "");
        using var client = new InfluxDbClient(new InfluxDbOptions { Url = "https://influx.example:8086/base", Database = "my db", RetentionPolicy = "short", Token = "tok", GzipWrites = false }, handler);

        await client.WriteAsync("m f=1i 0\n"u8.ToArray(), CancellationToken.None);

        HttpRequestMessage request = Assert.Single(handler.Requests);
        Assert.Equal("Token tok", request.Headers.Authorization!.ToString());
        Assert.Equal("https://influx.example:8086/base/write?db=my%20db&rp=short&precision=u", request.RequestUri!.AbsoluteUri);
        Assert.Equal("m f=1i 0\n", handler.Bodies[0]);
    }

    [Fact]
    public async Task WriteAsync_GzipWrites_SendsACompressedBodyThatInflatesToTheLines()
    {
        using var handler = new Answer(HttpStatusCode.NoContent, "");
        using var client = new InfluxDbClient(new InfluxDbOptions(), handler);
        byte[] lines = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 500).Select(i => $"events,device=hip-1,kind=step,patient=p1,placement=hip peak_g=1.5,load=7.5 {i}\n")));

        await client.WriteAsync(lines, CancellationToken.None);

        Assert.Equal(["gzip"], handler.Requests[0].Content!.Headers.ContentEncoding);
        using var inflated = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(new MemoryStream(handler.RawBodies[0]), System.IO.Compression.CompressionMode.Decompress))
        {
            gzip.CopyTo(inflated);
        }

        Assert.Equal(lines, inflated.ToArray());
        Assert.True(handler.RawBodies[0].Length * 5 < lines.Length, $"{handler.RawBodies[0].Length} bytes compressed from {lines.Length}");
    }

    [Fact]
    public async Task QueryAsync_UserAndPassword_SentAsBasicNotInTheUrl()
    {
        using var handler = new Answer(HttpStatusCode.OK, "{\"results\":[{\"statement_id\":0}]}");
        using var client = new InfluxDbClient(new InfluxDbOptions { Username = "ann", Password = "pw" }, handler);

        using var _ = await client.QueryAsync("SHOW DATABASES", CancellationToken.None);

        HttpRequestMessage request = Assert.Single(handler.Requests);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("ann:pw")), request.Headers.Authorization!.ToString());
        Assert.DoesNotContain("pw", request.RequestUri!.AbsoluteUri, StringComparison.Ordinal);
        Assert.Equal("q=SHOW+DATABASES", handler.Bodies[0]);
    }

    [Fact]
    public async Task QueryAsync_StatementError_ThrowsWithTheMessage()
    {
        using var handler = new Answer(HttpStatusCode.OK, "{\"results\":[{\"statement_id\":0,\"error\":\"database not found: x\"}]}");
        using var client = new InfluxDbClient(new InfluxDbOptions(), handler);

        InfluxDbException error = await Assert.ThrowsAsync<InfluxDbException>(() => client.QueryAsync("SELECT * FROM m", CancellationToken.None));

        Assert.Equal(InfluxFailure.Configuration, error.Failure);
        Assert.Contains("database not found: x", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_CallerCancels_ThrowsOperationCanceledNotTimeout()
    {
        using var handler = new Answer(HttpStatusCode.NoContent, "", delay: TimeSpan.FromSeconds(30));
        using var client = new InfluxDbClient(new InfluxDbOptions(), handler);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        Exception error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.WriteAsync("m f=1i 0\n"u8.ToArray(), cancellation.Token));

        Assert.IsNotType<InfluxDbException>(error);
    }

    [Fact]
    public async Task WriteAsync_NoAnswerWithinTimeout_ThrowsTransientNamingTheTimeout()
    {
        using var handler = new Answer(HttpStatusCode.NoContent, "", delay: TimeSpan.FromSeconds(30));
        using var client = new InfluxDbClient(new InfluxDbOptions { TimeoutSeconds = 1 }, handler);

        InfluxDbException error = await Assert.ThrowsAsync<InfluxDbException>(() => client.WriteAsync("m f=1i 0\n"u8.ToArray(), CancellationToken.None));

        Assert.Equal(InfluxFailure.Transient, error.Failure);
        Assert.Contains("within 1 s", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Answers every request the same way and remembers what came.</summary>
    private sealed class Answer(HttpStatusCode status, string body, int? retryAfterSeconds = null, TimeSpan? delay = null) : HttpMessageHandler
    {
        public List<HttpRequestMessage> Requests { get; } = [];

        public List<string> Bodies { get; } = [];

        public List<byte[]> RawBodies { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            byte[] raw = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
            RawBodies.Add(raw);
            Bodies.Add(Encoding.UTF8.GetString(raw));
            if (delay is { } wait)
            {
                await Task.Delay(wait, cancellationToken);
            }

            var response = new HttpResponseMessage(status) { Content = new StringContent(body) };
            if (retryAfterSeconds is { } seconds)
            {
                response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(seconds));
            }

            return response;
        }
    }
}
