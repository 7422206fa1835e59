using System.Globalization;
using System.Text;
using System.Text.Json;
using LoadSense.InfluxDb.Http;
using LoadSense.InfluxDb.LineProtocol;

namespace LoadSense.InfluxDb;

/// <summary>One check of <see cref="InfluxDbDoctor"/>: what was checked, whether it passed, and precisely what is wrong otherwise.</summary>
/// <param name="Name">What was checked.</param>
/// <param name="Ok">Whether it passed.</param>
/// <param name="Detail">What was found, or what is wrong and what to change.</param>
public sealed record DoctorCheck(string Name, bool Ok, string Detail);

/// <summary>
/// Checks a configured InfluxDB step by step: reachable (<c>/ping</c>), credentials and database
/// (an InfluxQL query on it), and a probe point written to measurement <c>loadsense_probe</c>
/// and read back; with <see cref="InfluxDbOptions.RawSamples"/>, the raw samples' retention
/// policy. It stops at the first failing step, since later ones would only repeat it.
/// </summary>
public static class InfluxDbDoctor
{
    /// <summary>The measurement the probe point goes to (one point per run, tagged with the host name).</summary>
    public const string ProbeMeasurement = "loadsense_probe";

    /// <summary>Runs the checks.</summary>
    public static async Task<IReadOnlyList<DoctorCheck>> CheckAsync(InfluxDbOptions options, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        var checks = new List<DoctorCheck>();
        using var client = new InfluxDbClient(options);

        string version;
        try
        {
            version = await client.PingAsync(cancellationToken);
            checks.Add(new DoctorCheck("reachable", true, $"{client.BaseUrl} answers /ping (version {(version.Length > 0 ? version : "not given")})"));
        }
        catch (InfluxDbException ex)
        {
            checks.Add(new DoctorCheck("reachable", false, ex.Message + " Check InfluxDb:Url and that the server runs."));
            return checks;
        }

        try
        {
            // SHOW DATABASES answers on 1.x and through 2.x's v1 compatibility (its DBRP mappings).
            using JsonDocument answer = await client.QueryAsync("SHOW DATABASES", cancellationToken);
            var names = new List<string>();
            QueryRows.ForEach(answer, row => names.Add(row.String("name") ?? ""));
            if (!names.Contains(options.Database, StringComparer.Ordinal))
            {
                checks.Add(new DoctorCheck(
                    "credentials and database",
                    false,
                    $"the credentials work, but database '{options.Database}' does not exist (there are: {string.Join(", ", names)}). On 1.x LoadSense creates it at its first write when the credentials may (CREATE DATABASE); on 2.x create bucket '{options.Database}'; or set InfluxDb:Database."));
                return checks;
            }

            checks.Add(new DoctorCheck("credentials and database", true, $"database '{options.Database}' exists and the credentials may query it"));
        }
        catch (InfluxDbException ex)
        {
            checks.Add(new DoctorCheck("credentials and database", false, ex.Message));
            return checks;
        }

        long micros = time.GetUtcNow().ToUnixTimeMilliseconds() * 1000;
        string host = Environment.MachineName;
        var writer = new LineProtocolWriter(256);
        writer.Measurement(ProbeMeasurement);
        writer.Tag("host", host);
        writer.Field("ok", 1L);
        writer.Timestamp(micros);
        try
        {
            await client.WriteAsync(writer.WrittenMemory, cancellationToken);
            string query = string.Create(
                CultureInfo.InvariantCulture,
                $"SELECT count(\"ok\") FROM {InfluxSchema.Identifier(ProbeMeasurement)} WHERE \"host\" = {InfluxSchema.Literal(host)} AND time = {micros * 1000}");
            using JsonDocument answer = await client.QueryAsync(query, cancellationToken);
            long count = 0;
            QueryRows.ForEach(answer, row => count = row.Int("count"));
            checks.Add(count == 1
                ? new DoctorCheck("write and read back", true, $"a probe point in '{ProbeMeasurement}' was written and read back")
                : new DoctorCheck("write and read back", false, $"the probe point was acknowledged but reading it back found {count} points; check the retention policy '{options.RetentionPolicy}'"));
        }
        catch (InfluxDbException ex)
        {
            checks.Add(new DoctorCheck("write and read back", false, ex.Message));
            return checks;
        }

        if (options.RawSamples && options.RawRetentionPolicy.Length > 0)
        {
            checks.Add(await CheckRawPolicyAsync(client, options, version, cancellationToken));
        }

        return checks;
    }

    private static async Task<DoctorCheck> CheckRawPolicyAsync(InfluxDbClient client, InfluxDbOptions options, string version, CancellationToken cancellationToken)
    {
        const string Name = "raw samples retention policy";
        string policy = options.RawRetentionPolicy;
        try
        {
            using JsonDocument answer = await client.QueryAsync("SHOW RETENTION POLICIES ON " + InfluxSchema.Identifier(options.Database), cancellationToken);
            string? duration = null;
            QueryRows.ForEach(answer, row =>
            {
                if (row.String("name") == policy)
                {
                    duration = row.String("duration");
                }
            });
            if (duration is not null)
            {
                return new DoctorCheck(Name, true, $"'{policy}' exists (duration {duration})");
            }

            // 1.x: the first raw write creates it; 2.x and 3.x cannot create it through the v1 API.
            return version.StartsWith("1.", StringComparison.Ordinal)
                ? new DoctorCheck(Name, true, $"'{policy}' does not exist yet; LoadSense creates it ({options.RawRetentionDays} days) when raw samples are first written")
                : new DoctorCheck(Name, false, $"'{policy}' does not exist on database '{options.Database}'. On 2.x create a bucket and map it as database '{options.Database}', retention policy '{policy}' (DBRP); on 3.x set InfluxDb:RawRetentionPolicy empty.");
        }
        catch (InfluxDbException ex)
        {
            return new DoctorCheck(Name, false, ex.Message);
        }
    }

    /// <summary>Checks as lines of text, <c>ok</c> or <c>FAIL</c> first.</summary>
    public static string Format(IEnumerable<DoctorCheck> checks)
    {
        ArgumentNullException.ThrowIfNull(checks);
        var text = new StringBuilder();
        foreach (DoctorCheck check in checks)
        {
            text.Append(check.Ok ? "ok    " : "FAIL  ").Append(check.Name).Append(": ").AppendLine(check.Detail);
        }

        return text.ToString();
    }
}
