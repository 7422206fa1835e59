using System.Text.Json;

namespace LoadSense.InfluxDb.Http;

/// <summary>
/// The rows of an InfluxQL answer in JSON (<c>results[].series[].columns/values</c>), every
/// series of every statement in turn, with columns looked up by name.
/// </summary>
internal static class QueryRows
{
    /// <summary>Calls <paramref name="row"/> for every row; the row reader maps column names to values.</summary>
    public static void ForEach(JsonDocument document, Action<Row> row)
    {
        if (!document.RootElement.TryGetProperty("results", out JsonElement results))
        {
            return;
        }

        foreach (JsonElement result in results.EnumerateArray())
        {
            if (!result.TryGetProperty("series", out JsonElement series))
            {
                continue;
            }

            foreach (JsonElement one in series.EnumerateArray())
            {
                var columns = new Dictionary<string, int>(StringComparer.Ordinal);
                int index = 0;
                foreach (JsonElement column in one.GetProperty("columns").EnumerateArray())
                {
                    columns[column.GetString()!] = index++;
                }

                // A series without rows (SHOW DATABASES on a server with none) has no "values".
                if (!one.TryGetProperty("values", out JsonElement rows))
                {
                    continue;
                }

                one.TryGetProperty("tags", out JsonElement tags);
                foreach (JsonElement values in rows.EnumerateArray())
                {
                    row(new Row(columns, values, tags));
                }
            }
        }
    }

    /// <summary>One row: values by column name, falling back to the series' group-by tags.</summary>
    internal readonly struct Row(Dictionary<string, int> columns, JsonElement values, JsonElement tags)
    {
        public long Time => Value("time").GetInt64();

        public string? String(string name)
        {
            JsonElement value = Value(name);
            return value.ValueKind == JsonValueKind.Null ? null : value.GetString();
        }

        public double Double(string name)
        {
            JsonElement value = Value(name);
            return value.ValueKind == JsonValueKind.Null ? double.NaN : value.GetDouble();
        }

        public int Int(string name)
        {
            JsonElement value = Value(name);
            return value.ValueKind == JsonValueKind.Null ? 0 : checked((int)value.GetInt64());
        }

        public long Long(string name)
        {
            JsonElement value = Value(name);
            return value.ValueKind == JsonValueKind.Null ? 0 : value.GetInt64();
        }

        /// <summary>A number that may be absent: null when the value is null or the column does not exist (no point of the answer has the field).</summary>
        public double? OptionalDouble(string name)
        {
            if (!columns.TryGetValue(name, out int index) || values[index].ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            return values[index].GetDouble();
        }

        public bool Bool(string name) => Value(name).ValueKind == JsonValueKind.True;

        private JsonElement Value(string name)
        {
            if (columns.TryGetValue(name, out int index))
            {
                return values[index];
            }

            if (tags.ValueKind == JsonValueKind.Object && tags.TryGetProperty(name, out JsonElement tag))
            {
                return tag;
            }

            throw new InvalidDataException($"The InfluxDB answer has no column '{name}'; the measurement does not follow LoadSense's schema.");
        }
    }
}
