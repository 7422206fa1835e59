using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace LoadSense.InfluxDb.Tests.Grafana;

/// <summary>One InfluxQL query of a dashboard: where it comes from and its raw text.</summary>
internal sealed record PanelQuery(string Dashboard, string Panel, string RefId, string Query, string ResultFormat, string DatasourceUid)
{
    public override string ToString() => $"{Dashboard} / {Panel} / {RefId}";
}

/// <summary>A dashboard's template variable as its JSON declares it.</summary>
internal sealed record TemplateVariable(string Name, string Type, string Query, string? Current);

/// <summary>
/// Reads the provisioned dashboards of deploy/grafana and fills in InfluxQL the way Grafana's
/// InfluxDB data source does before it sends a raw query: <c>$timeFilter</c> becomes
/// <c>time &gt;= {from}ms and time &lt;= {to}ms</c>, <c>$__interval</c> a duration, <c>${__from}</c>
/// and <c>${__to}</c> epoch milliseconds, and template variables their values (regex-escaped
/// inside a <c>/…/</c> regex literal).
/// </summary>
internal static partial class GrafanaDashboards
{
    public static string RepositoryRoot
    {
        get
        {
            for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
            {
                if (File.Exists(Path.Combine(d.FullName, "LoadSense.sln")))
                {
                    return d.FullName;
                }
            }

            throw new InvalidOperationException("LoadSense.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public static string DashboardDirectory => Path.Combine(RepositoryRoot, "deploy", "grafana", "dashboards");

    public static string DatasourceFile => Path.Combine(RepositoryRoot, "deploy", "grafana", "provisioning", "datasources", "influxdb.yaml");

    /// <summary>The uid the provisioned data source declares (the <c>uid:</c> line of its YAML).</summary>
    public static string ProvisionedDatasourceUid()
    {
        Match match = UidLine().Match(File.ReadAllText(DatasourceFile));
        return match.Success ? match.Groups[1].Value : throw new InvalidDataException($"{DatasourceFile} declares no uid.");
    }

    public static IReadOnlyList<string> DashboardFiles() =>
        [.. Directory.GetFiles(DashboardDirectory, "*.json").Order(StringComparer.Ordinal)];

    /// <summary>Every target of every panel (rows' nested panels included); a panel other than text without targets is an error.</summary>
    public static IReadOnlyList<PanelQuery> Queries(JsonElement dashboard)
    {
        string title = dashboard.GetProperty("title").GetString()!;
        var queries = new List<PanelQuery>();
        foreach (JsonElement panel in Panels(dashboard))
        {
            string type = panel.GetProperty("type").GetString()!;
            string panelTitle = panel.GetProperty("title").GetString()!;
            if (type is "text" or "row")
            {
                continue;
            }

            if (!panel.TryGetProperty("targets", out JsonElement targets) || targets.GetArrayLength() == 0)
            {
                throw new InvalidDataException($"{title} / {panelTitle}: a {type} panel without queries.");
            }

            foreach (JsonElement target in targets.EnumerateArray())
            {
                string refId = target.GetProperty("refId").GetString()!;
                if (!target.TryGetProperty("rawQuery", out JsonElement raw) || raw.ValueKind != JsonValueKind.True
                    || !target.TryGetProperty("query", out JsonElement query) || string.IsNullOrWhiteSpace(query.GetString()))
                {
                    throw new InvalidDataException($"{title} / {panelTitle} / {refId}: not a raw InfluxQL query; the test can only check raw queries.");
                }

                JsonElement datasource = target.TryGetProperty("datasource", out JsonElement own) ? own : panel.GetProperty("datasource");
                queries.Add(new PanelQuery(
                    title,
                    panelTitle,
                    refId,
                    query.GetString()!,
                    target.TryGetProperty("resultFormat", out JsonElement format) ? format.GetString()! : "time_series",
                    datasource.GetProperty("uid").GetString()!));
            }
        }

        return queries;
    }

    public static IEnumerable<JsonElement> Panels(JsonElement dashboard)
    {
        foreach (JsonElement panel in dashboard.GetProperty("panels").EnumerateArray())
        {
            yield return panel;
            if (panel.TryGetProperty("panels", out JsonElement nested))
            {
                foreach (JsonElement inner in nested.EnumerateArray())
                {
                    yield return inner;
                }
            }
        }
    }

    public static IReadOnlyList<TemplateVariable> Variables(JsonElement dashboard)
    {
        var variables = new List<TemplateVariable>();
        foreach (JsonElement v in dashboard.GetProperty("templating").GetProperty("list").EnumerateArray())
        {
            string? current = v.TryGetProperty("current", out JsonElement c) && c.TryGetProperty("value", out JsonElement value) ? value.GetString() : null;
            variables.Add(new TemplateVariable(v.GetProperty("name").GetString()!, v.GetProperty("type").GetString()!, v.TryGetProperty("query", out JsonElement q) ? q.GetString() ?? "" : "", current));
        }

        return variables;
    }

    /// <summary>Grafana's interpolation of one raw InfluxQL query.</summary>
    /// <exception cref="InvalidDataException">A <c>$</c> is left that Grafana would not fill in either.</exception>
    public static string Interpolate(string query, DateTimeOffset from, DateTimeOffset to, string interval, IReadOnlyDictionary<string, string> variables)
    {
        string fromMs = from.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        string toMs = to.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var builtIn = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["timeFilter"] = $"time >= {fromMs}ms and time <= {toMs}ms",
            ["__interval"] = interval,
            ["interval"] = interval,
            ["__interval_ms"] = IntervalMilliseconds(interval).ToString(CultureInfo.InvariantCulture),
            ["__from"] = fromMs,
            ["__to"] = toMs,
        };

        string result = VariableReference().Replace(query, match =>
        {
            string name = match.Groups["braced"].Success ? match.Groups["braced"].Value : match.Groups["plain"].Value;
            if (builtIn.TryGetValue(name, out string? value))
            {
                return value;
            }

            if (!variables.TryGetValue(name, out value))
            {
                throw new InvalidDataException($"The query uses ${name}, which is neither a Grafana macro nor a variable of the dashboard: {query}");
            }

            return InsideRegex(query, match.Index) ? Regex.Escape(value).Replace("/", "\\/", StringComparison.Ordinal) : value;
        });
        return result;
    }

    /// <summary>A Grafana interval like <c>1h</c> or <c>1d</c> in milliseconds.</summary>
    public static long IntervalMilliseconds(string interval)
    {
        Match m = Duration().Match(interval);
        if (!m.Success)
        {
            throw new ArgumentException($"'{interval}' is not an interval like 10m, 1h or 1d.", nameof(interval));
        }

        long n = long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        return n * m.Groups[2].Value switch
        {
            "ms" => 1,
            "s" => 1000,
            "m" => 60_000,
            "h" => 3_600_000,
            "d" => 86_400_000,
            _ => 604_800_000,
        };
    }

    private static bool InsideRegex(string query, int index)
    {
        // Outside string literals, an odd number of '/' before the reference means it sits in a /regex/.
        var slashes = 0;
        var inString = false;
        for (int i = 0; i < index; i++)
        {
            char c = query[i];
            if (c == '\\')
            {
                i++;
            }
            else if (c == '\'')
            {
                inString = !inString;
            }
            else if (c == '/' && !inString)
            {
                slashes++;
            }
        }

        return slashes % 2 == 1;
    }

    public static string Describe(JsonElement element)
    {
        var text = new StringBuilder(element.GetRawText());
        return text.Length > 600 ? text.ToString(0, 600) + "…" : text.ToString();
    }

    [GeneratedRegex(@"^\s*uid:\s*(\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex UidLine();

    [GeneratedRegex(@"\$(?:\{(?<braced>[A-Za-z_][A-Za-z0-9_]*)\}|(?<plain>[A-Za-z_][A-Za-z0-9_]*))")]
    private static partial Regex VariableReference();

    [GeneratedRegex(@"^(\d+)(ms|s|m|h|d|w)$")]
    private static partial Regex Duration();
}
