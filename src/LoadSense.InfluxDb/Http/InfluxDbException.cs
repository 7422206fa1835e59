using System.Net;

namespace LoadSense.InfluxDb.Http;

/// <summary>What a failed request means for the data it carried.</summary>
public enum InfluxFailure
{
    /// <summary>Worth retrying: connection refused or reset, timeout, 5xx, 429, 408.</summary>
    Transient,

    /// <summary>This data will never be accepted (400 bad line, field type conflict, 413 too large): set it aside.</summary>
    Rejected,

    /// <summary>Nothing will be accepted until the configuration changes (401, 403, 404 database not found, other 4xx).</summary>
    Configuration,
}

/// <summary>InfluxDB did not accept a request; the message carries the server's own words.</summary>
public sealed class InfluxDbException : IOException
{
    /// <summary>Creates the exception.</summary>
    public InfluxDbException(string message, InfluxFailure failure, HttpStatusCode? statusCode = null, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
        StatusCode = statusCode;
        RetryAfter = retryAfter;
    }

    /// <summary>Creates an exception without detail (for serializers and analyzers).</summary>
    public InfluxDbException()
        : this("InfluxDB did not accept the request.", InfluxFailure.Transient)
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    public InfluxDbException(string message)
        : this(message, InfluxFailure.Transient)
    {
    }

    /// <summary>Creates an exception with a message and cause.</summary>
    public InfluxDbException(string message, Exception innerException)
        : this(message, InfluxFailure.Transient, null, null, innerException)
    {
    }

    /// <summary>Whether to retry, set aside or stop.</summary>
    public InfluxFailure Failure { get; }

    /// <summary>The HTTP status, or null when no response came.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The server's Retry-After, when it sent one.</summary>
    public TimeSpan? RetryAfter { get; }
}
