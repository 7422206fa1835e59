using System.ComponentModel.DataAnnotations;
using LoadSense.Cli.Configuration;

namespace LoadSense.Cli.Tests.Configuration;

public sealed class SensorOptionsTests
{
    [Theory]
    [InlineData(nameof(SensorOptions.ConnectTimeoutSeconds), 0.6, false)]
    [InlineData(nameof(SensorOptions.ConnectTimeoutSeconds), 1, true)]
    [InlineData(nameof(SensorOptions.ConnectTimeoutSeconds), 120.4, false)]
    [InlineData(nameof(SensorOptions.ServicesTimeoutSeconds), 0.9, false)]
    [InlineData(nameof(SensorOptions.ReconnectInitialSeconds), 0.05, false)]
    [InlineData(nameof(SensorOptions.ReconnectInitialSeconds), 0.1, true)]
    [InlineData(nameof(SensorOptions.ReconnectMaxSeconds), 3600.5, false)]
    [InlineData(nameof(SensorOptions.BatteryIntervalSeconds), 4.6, false)]
    [InlineData(nameof(SensorOptions.BatteryIntervalSeconds), 5, true)]
    public void Bounds_FractionalValues_AreCheckedWithoutRounding(string setting, double value, bool valid)
    {
        var options = new SensorOptions();
        typeof(SensorOptions).GetProperty(setting)!.SetValue(options, value);
        var errors = new List<ValidationResult>();

        bool ok = Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true);

        Assert.Equal(valid, ok);
        Assert.All(errors, e => Assert.Contains("Sensors:" + setting, e.ErrorMessage, StringComparison.Ordinal));
    }
}
