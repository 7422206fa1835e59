using System.ComponentModel.DataAnnotations;

namespace LoadSense.InfluxDb;

/// <summary>
/// How to reach InfluxDB over its v1-compatible HTTP API (InfluxDB 1.x, 2.4+ and 3 Core).
/// Credentials are either a token (<see cref="Token"/> or <see cref="TokenFile"/>, sent as
/// <c>Authorization: Token …</c>) or <see cref="Username"/> and <see cref="Password"/> (sent as
/// HTTP Basic authentication), or none. They are never logged.
/// </summary>
public sealed class InfluxDbOptions : IValidatableObject
{
    /// <summary>Base URL of the server, http or https. Default <c>http://127.0.0.1:8086</c>.</summary>
    [Required]
    public string Url { get; set; } = "http://127.0.0.1:8086";

    /// <summary>The 1.x database, 2.x bucket or 3.x database. Default <c>loadsense</c>; created on 1.x when missing.</summary>
    [Required]
    [RegularExpression(@"^[^\r\n""]{1,200}$", ErrorMessage = "Database must be 1-200 characters without line breaks or double quotes.")]
    public string Database { get; set; } = "loadsense";

    /// <summary>The retention policy to write to; empty (default) for the database's default (1.x, 2.x); leave empty for 3.x.</summary>
    [RegularExpression(@"^[^\r\n""]{0,200}$", ErrorMessage = "RetentionPolicy must be up to 200 characters without line breaks or double quotes.")]
    public string RetentionPolicy { get; set; } = "";

    /// <summary>An API token (2.x, 3.x, or 1.x with a token proxy). Prefer <see cref="TokenFile"/> or the environment variable <c>LOADSENSE_InfluxDb__Token</c> over a settings file.</summary>
    public string Token { get; set; } = "";

    /// <summary>A file whose content (trimmed) is the token, e.g. a systemd or Docker secret.</summary>
    public string TokenFile { get; set; } = "";

    /// <summary>User name for 1.x authentication (or 2.x v1 authorizations).</summary>
    public string Username { get; set; } = "";

    /// <summary>Password for <see cref="Username"/>.</summary>
    public string Password { get; set; } = "";

    /// <summary>Seconds one HTTP request may take before it counts as failed (and is retried). Allowed 1-600; default 10.</summary>
    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>Most points in one write request. Allowed 100-100000; default 5000 (InfluxDB's recommended batch size).</summary>
    [Range(100, 100_000)]
    public int BatchPoints { get; set; } = 5000;

    /// <summary>
    /// Most write requests in flight at once while the outbox is sent (and while a direct write
    /// splits into several requests). Allowed 1-16; default 2. Each request's outbox rows leave
    /// only after that request was acknowledged; recomputed days wait for every older request.
    /// </summary>
    [Range(1, 16)]
    public int MaxParallelWrites { get; set; } = 2;

    /// <summary>
    /// Longest time in seconds a partial request (fewer than <see cref="BatchPoints"/> points) waits in
    /// the outbox for more points before it is sent anyway. Allowed 0-300; default 1; 0 sends after
    /// every write.
    /// </summary>
    [Range(0.0, 300.0)]
    public double FlushIntervalSeconds { get; set; } = 1;

    /// <summary>Whether the samples that <c>analyze</c>, <c>run</c> and <c>demo</c> analyse are also written to measurement <c>raw_samples</c>. Default false (about 8.6 M points a patient-day at 100 Hz).</summary>
    public bool RawSamples { get; set; }

    /// <summary>The retention policy raw samples go to. Default <c>loadsense_raw</c>; created on 1.x when missing with <see cref="RawRetentionDays"/>; on 2.x map it to a bucket (DBRP), on 3.x leave it empty.</summary>
    [RegularExpression(@"^[^\r\n""]{0,200}$", ErrorMessage = "RawRetentionPolicy must be up to 200 characters without line breaks or double quotes.")]
    public string RawRetentionPolicy { get; set; } = "loadsense_raw";

    /// <summary>How long InfluxDB 1.x keeps raw samples when LoadSense creates <see cref="RawRetentionPolicy"/>, in days. Allowed 1-3650; default 7.</summary>
    [Range(1, 3650)]
    public int RawRetentionDays { get; set; } = 7;

    /// <summary>
    /// Most raw-sample points that may wait in the outbox. Past it new raw samples are dropped
    /// (counted and logged as a warning) so that they never crowd out events; nothing else is
    /// affected. Allowed 10000-1000000000; default 10000000 (a bit more than a day of one 100 Hz
    /// sensor, under 1 GB on disk).
    /// </summary>
    [Range(typeof(long), "10000", "1000000000")]
    public long RawMaxPendingPoints { get; set; } = 10_000_000;

    /// <summary>Whether write bodies are sent gzip-compressed (<c>Content-Encoding: gzip</c>, which every InfluxDB generation accepts). Default true: line protocol shrinks several times, which matters on a gateway's uplink.</summary>
    public bool GzipWrites { get; set; } = true;

    /// <summary>Retries of one batch after connection errors, timeouts, 5xx and 429 during one drain. Allowed 0-100; default 6.</summary>
    [Range(0, 100)]
    public int MaxRetries { get; set; } = 6;

    /// <summary>Delay before the first retry in seconds; it doubles per retry, with jitter. Allowed 0.01-60; default 0.5.</summary>
    [Range(0.01, 60.0)]
    public double RetryBaseDelaySeconds { get; set; } = 0.5;

    /// <summary>Longest delay between retries in seconds, also the cap on a server's Retry-After. Allowed 0.1-3600; default 30.</summary>
    [Range(0.1, 3600.0)]
    public double RetryMaxDelaySeconds { get; set; } = 30;

    /// <inheritdoc/>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Uri.TryCreate(Url, UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            yield return new ValidationResult($"Url '{Url}' is not an absolute http:// or https:// URL, e.g. http://127.0.0.1:8086.", [nameof(Url)]);
        }
        else if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            yield return new ValidationResult("Url must not carry credentials; set Username and Password or Token.", [nameof(Url)]);
        }

        if (!string.IsNullOrEmpty(Token) && !string.IsNullOrEmpty(TokenFile))
        {
            yield return new ValidationResult("Set Token or TokenFile, not both.", [nameof(TokenFile)]);
        }

        bool hasToken = !string.IsNullOrEmpty(Token) || !string.IsNullOrEmpty(TokenFile);
        if (hasToken && !string.IsNullOrEmpty(Username))
        {
            yield return new ValidationResult("Set a token or a user name and password, not both.", [nameof(Username)]);
        }

        if (string.IsNullOrEmpty(Username) != string.IsNullOrEmpty(Password))
        {
            yield return new ValidationResult("Username and Password go together; set both or neither.", [nameof(Password)]);
        }

        if (RetryMaxDelaySeconds < RetryBaseDelaySeconds)
        {
            yield return new ValidationResult("RetryMaxDelaySeconds must not be below RetryBaseDelaySeconds.", [nameof(RetryMaxDelaySeconds)]);
        }
    }

    /// <summary>The token from <see cref="Token"/> or <see cref="TokenFile"/>, or null when neither is set.</summary>
    /// <exception cref="IOException">The token file cannot be read or is empty; the message names the file, never its content.</exception>
    public string? ResolveToken()
    {
        if (!string.IsNullOrEmpty(Token))
        {
            return Token.Trim();
        }

        if (string.IsNullOrEmpty(TokenFile))
        {
            return null;
        }

        string token;
        try
        {
            token = File.ReadAllText(TokenFile).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Cannot read InfluxDb:TokenFile '{TokenFile}': {ex.Message}", ex);
        }

        return token.Length > 0 ? token : throw new IOException($"InfluxDb:TokenFile '{TokenFile}' is empty.");
    }
}
