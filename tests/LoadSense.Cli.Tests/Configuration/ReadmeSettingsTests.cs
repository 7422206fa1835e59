using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using LoadSense.Cli.Configuration;

namespace LoadSense.Cli.Tests.Configuration;

/// <summary>The README's settings table is what users read: every setting is in it, with the code's default.</summary>
public partial class ReadmeSettingsTests
{
    [Fact]
    public void SettingsTable_EverySetting_IsDocumentedWithTheDefaultTheCodeUses()
    {
        string readme = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "README.md"));
        var rows = readme.Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal)).ToList();
        var problems = new List<string>();
        foreach ((string key, object? value) in Settings(new LoadSenseSettings(), ""))
        {
            string? row = rows.FirstOrDefault(r => r.Split('|')[1].Contains($"`{key}`", StringComparison.Ordinal));
            if (row is null)
            {
                problems.Add($"{key} is not in the README's settings table");
                continue;
            }

            string documented = row.Split('|')[2].Trim();
            if (value is double or int or long or bool)
            {
                string expected = Convert.ToString(value, CultureInfo.InvariantCulture)!.ToLowerInvariant();
                string first = FirstValue().Match(documented).Value.Trim('`').ToLowerInvariant();
                if (!(first == expected || (double.TryParse(first, CultureInfo.InvariantCulture, out double d) && value is not bool && d == Convert.ToDouble(value, CultureInfo.InvariantCulture))))
                {
                    problems.Add($"{key}: README says {documented}, the code {expected}");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    // Settable properties of simple types, with their section path (Section:Name), recursively.
    private static IEnumerable<(string Key, object? Value)> Settings(object options, string prefix)
    {
        foreach (PropertyInfo property in options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.SetMethod!.IsPublic))
        {
            object? value = property.GetValue(options);
            Type type = property.PropertyType;
            string key = prefix + property.Name;
            if (type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(double))
            {
                yield return (key, value);
            }
            else if (value is not null && type.IsClass && !type.IsArray && !typeof(System.Collections.IEnumerable).IsAssignableFrom(type))
            {
                foreach ((string Key, object? Value) nested in Settings(value, key + ":"))
                {
                    yield return nested;
                }
            }
        }
    }

    [GeneratedRegex(@"^`?-?[0-9A-Za-z.]+`?")]
    private static partial Regex FirstValue();
}
