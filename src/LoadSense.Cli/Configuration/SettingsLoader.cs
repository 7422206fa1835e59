using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace LoadSense.Cli.Configuration;

/// <summary>A setting is missing or outside its allowed range; the message names it.</summary>
internal sealed class SettingsException(string message) : Exception(message);

/// <summary>
/// Loads settings like any .NET host, later sources winning: defaults, then
/// <c>$XDG_CONFIG_HOME/loadsense/appsettings.json</c> (or <c>~/.config/...</c>), then environment
/// variables with the prefix <c>LOADSENSE_</c> (<c>__</c> separates sections), then command-line
/// options. Every value is validated before anything runs.
/// </summary>
internal static class SettingsLoader
{
    public static string ConfigFilePath(Func<string, string?> getEnv)
    {
        string? configHome = getEnv("XDG_CONFIG_HOME");
        if (string.IsNullOrWhiteSpace(configHome))
        {
            configHome = Path.Combine(getEnv("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        }

        return Path.Combine(configHome, "loadsense", "appsettings.json");
    }

    public static LoadSenseSettings Load(IReadOnlyDictionary<string, string?> commandLine)
    {
        string file = ConfigFilePath(Environment.GetEnvironmentVariable);
        IConfigurationRoot configuration;
        try
        {
            configuration = new ConfigurationBuilder()
                .AddJsonFile(file, optional: true, reloadOnChange: false)
                .AddEnvironmentVariables("LOADSENSE_")
                .AddInMemoryCollection(commandLine)
                .Build();
        }
        catch (Exception ex) when (ex is FormatException or InvalidDataException or IOException)
        {
            throw new SettingsException($"{file} cannot be read: {ex.Message}");
        }

        var settings = new LoadSenseSettings();
        try
        {
            configuration.Bind(settings, o => o.ErrorOnUnknownConfiguration = false);
        }
        catch (InvalidOperationException ex)
        {
            throw new SettingsException($"A setting has a value of the wrong type: {ex.Message}{(ex.InnerException is null ? "" : " " + ex.InnerException.Message)}");
        }

        Validate(settings, "");
        Validate(settings.Sqlite, "Sqlite:");
        Validate(settings.Analyzer, "Analyzer:");
        Validate(settings.Scoring, "Scoring:");
        Validate(settings.Targets, "Targets:");
        Validate(settings.Report, "Report:");
        Validate(settings.Sensors, "Sensors:");
        if (settings.UsesInfluxDb)
        {
            Validate(settings.InfluxDb, "InfluxDb:");
            Validate(settings.Outbox, "Outbox:");
        }

        if (string.IsNullOrWhiteSpace(settings.Sqlite.Path))
        {
            throw new SettingsException("Sqlite:Path is empty; give a file path or leave it unset for the default.");
        }

        if (settings.Analyzer.StepLowCutoffHz >= settings.Analyzer.StepHighCutoffHz)
        {
            throw new SettingsException($"Analyzer:StepLowCutoffHz ({settings.Analyzer.StepLowCutoffHz}) must lie below Analyzer:StepHighCutoffHz ({settings.Analyzer.StepHighCutoffHz}).");
        }

        _ = ResolveTimeZone(settings.TimeZone);
        return settings;
    }

    public static TimeZoneInfo ResolveTimeZone(string id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return TimeProvider.System.LocalTimeZone;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (TimeZoneNotFoundException)
        {
            throw new SettingsException($"TimeZone '{id}' is not a known time zone; use an IANA name such as Europe/Helsinki.");
        }
    }

    private static void Validate(object options, string prefix)
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            ValidationResult first = results[0];
            string name = prefix + string.Join(",", first.MemberNames);
            throw new SettingsException($"Setting {name}: {first.ErrorMessage} (set it in appsettings.json, as LOADSENSE_{name.Replace(":", "__", StringComparison.Ordinal)}, or leave it at its default).");
        }
    }
}
