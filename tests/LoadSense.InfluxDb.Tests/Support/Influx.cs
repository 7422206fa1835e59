using System.Text;
using System.Text.Json;
using LoadSense.InfluxDb.Http;

namespace LoadSense.InfluxDb.Tests.Support;

/// <summary>Raw access to a test database: write line protocol, count with InfluxQL.</summary>
internal static class Influx
{
    public static async Task WriteAsync(InfluxDbOptions options, string lines)
    {
        using var client = new InfluxDbClient(options);
        await client.WriteAsync(Encoding.UTF8.GetBytes(lines), CancellationToken.None);
    }

    public static async Task CreateDatabaseAsync(InfluxDbOptions options)
    {
        using var client = new InfluxDbClient(options);
        using JsonDocument _ = await client.QueryAsync($"CREATE DATABASE \"{options.Database}\"", CancellationToken.None);
    }

    /// <summary>The single number an aggregate like <c>SELECT count(x) FROM m</c> answers; 0 when no series came back.</summary>
    public static async Task<long> ScalarAsync(InfluxDbOptions options, string influxQl)
    {
        using var client = new InfluxDbClient(options);
        using JsonDocument answer = await client.QueryAsync(influxQl, CancellationToken.None);
        JsonElement result = answer.RootElement.GetProperty("results")[0];
        if (!result.TryGetProperty("series", out JsonElement series))
        {
            return 0;
        }

        return series[0].GetProperty("values")[0][1].GetInt64();
    }

    public static async Task<string> RawJsonAsync(InfluxDbOptions options, string influxQl)
    {
        using var client = new InfluxDbClient(options);
        using JsonDocument answer = await client.QueryAsync(influxQl, CancellationToken.None);
        return answer.RootElement.GetRawText();
    }
}
